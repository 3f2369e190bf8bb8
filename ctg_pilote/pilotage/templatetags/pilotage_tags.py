"""Template tags of the pilotage, also used by other apps' pages (the CTG home, a meeting)."""

from django import template
from django.utils import timezone

from ..adoption import deadline_warnings as warnings_on
from ..models import AdoptedBilan, BilanKind

register = template.Library()


@register.inclusion_tag("pilotage/_deadlines.html")
def deadline_warnings(convention):
    """The deadlines a CTG must not miss, as of today:
    {% load pilotage_tags %}{% deadline_warnings convention %}"""
    return {
        "convention": convention,
        "warnings": warnings_on(convention, today=timezone.localdate()),
        "annual": BilanKind.ANNUAL,
    }


@register.inclusion_tag("pilotage/_adopted_at_meeting.html")
def bilans_adopted_at(meeting):
    """The bilans presented at a meeting, with their files as adopted (the meeting's page):
    {% load pilotage_tags %}{% bilans_adopted_at meeting %}"""
    adopted = AdoptedBilan.objects.filter(meeting=meeting).only(
        "convention_id", "kind", "year", "presented_on", "adopted_at"
    )
    return {"convention": meeting.convention, "adopted": list(adopted.order_by("year", "kind"))}
