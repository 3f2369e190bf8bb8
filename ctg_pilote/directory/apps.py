from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "ctg_pilote.directory"
    verbose_name = _("Annuaire des services")
