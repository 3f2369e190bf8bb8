from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "ctg_pilote.plan"
    verbose_name = _("Plan d'action")

    def ready(self):
        from ctg_pilote.exchange.sections import register

        register("ctg_pilote.plan.exchange.PlanSection")
