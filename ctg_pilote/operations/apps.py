from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "ctg_pilote.operations"
    verbose_name = _("Exploitation")
