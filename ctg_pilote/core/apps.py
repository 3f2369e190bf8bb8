from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ctg_pilote.core"
    verbose_name = _("Cœur")
