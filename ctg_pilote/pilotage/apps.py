from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotageConfig(AppConfig):
    name = "ctg_pilote.pilotage"
    verbose_name = _("Pilotage et évaluation")

    def ready(self):
        from ctg_pilote.exchange.sections import register

        register("ctg_pilote.pilotage.exchange.PilotageSection")
