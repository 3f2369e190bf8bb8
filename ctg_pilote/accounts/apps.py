from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ctg_pilote.accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from . import checks  # noqa: F401  (registers the configuration checks)
