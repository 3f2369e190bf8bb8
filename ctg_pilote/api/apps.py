from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "ctg_pilote.api"
    label = "api"
    verbose_name = _("API")
    # The OpenAPI extensions of schema.py register themselves when DRF first imports
    # DEFAULT_SCHEMA_CLASS (ctg_pilote.api.schema.AutoSchema), i.e. when a schema is built:
    # importing drf-spectacular here would slow down every command and server start.
