from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "ctg_pilote.governance"
    verbose_name = _("Gouvernance")

    def ready(self):
        from ctg_pilote.exchange.sections import register

        register("ctg_pilote.governance.exchange.GovernanceSection")
