from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    name = "ctg_pilote.diagnostic"
    verbose_name = _("Diagnostic partagé")

    def ready(self):
        from ctg_pilote.exchange.sections import register

        register("ctg_pilote.diagnostic.exchange.DiagnosticSection")
