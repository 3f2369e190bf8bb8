from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ctg_pilote.reports"
    verbose_name = _("Documents et rapports")
