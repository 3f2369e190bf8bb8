from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "ctg_pilote.collaboration"
    verbose_name = _("Travail en commun")
