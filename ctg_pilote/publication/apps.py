from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "ctg_pilote.publication"
    verbose_name = _("Publication")

    def ready(self):
        from ctg_pilote.exchange.sections import register

        register("ctg_pilote.publication.exchange.PublicationSection")
