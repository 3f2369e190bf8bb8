from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "ctg_pilote.collaboration"
    verbose_name = _("Travail en commun")

    def ready(self):
        from ctg_pilote.plan.signals import action_followed_up

        from .follow_ups import on_action_followed_up

        action_followed_up.connect(on_action_followed_up, dispatch_uid="collaboration-follow-up")
