from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "ctg_pilote.exchange"
    verbose_name = _("Format d'échange")
