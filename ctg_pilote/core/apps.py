from django.apps import AppConfig
from django.contrib.admin import autodiscover
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ctg_pilote.core"
    verbose_name = _("Cœur")


def check_admin_after_discovery(app_configs, **kwargs):
    autodiscover()
    return check_admin_app(app_configs, **kwargs)


class AdminConfig(SimpleAdminConfig):
    """Django's admin, whose `admin.py` modules are read by the URLconf (`ctg_pilote/urls.py`)
    and before the admin's checks, not by every command as it starts."""

    def ready(self):
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_admin_after_discovery, checks.Tags.admin)
