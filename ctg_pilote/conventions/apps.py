from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConventionsConfig(AppConfig):
    name = "ctg_pilote.conventions"
    verbose_name = _("Conventions")

    def ready(self):
        from . import signals

        signals.connect()
