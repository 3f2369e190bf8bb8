from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "ctg_pilote.demo"
    verbose_name = _("Démonstration")
