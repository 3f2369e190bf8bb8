"""Template tags of the pilotage, also used by other apps' pages (the CTG home)."""

from django import template
from django.utils import timezone

from ..adoption import deadline_warnings as warnings_on
from ..models import BilanKind

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
