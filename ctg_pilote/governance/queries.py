"""Reads shared by the governance pages and the API."""

from django.db.models import Prefetch

from ctg_pilote.conventions.models import Organisation
from ctg_pilote.plan.models import Action, PartnerRole

from .models import InstanceMember


def partner_organisations(convention):
    """The CTG's organisations with everything the partners' directory shows about them."""
    return (
        Organisation.objects.filter(convention=convention)
        .select_related("commune", "partner_profile")
        .prefetch_related(
            "partner_profile__thematiques",
            "partner_profile__communes",
            "contacts",
            Prefetch("instance_seats", queryset=InstanceMember.objects.select_related("instance")),
            Prefetch("piloted_actions", queryset=Action.objects.order_by("number")),
            Prefetch("partner_roles", queryset=PartnerRole.objects.select_related("action")),
        )
    )
