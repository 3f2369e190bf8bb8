"""Template tags of the governance app, also used by other apps' pages (the action page)."""

from django import template

from ..models import Decision
from ..timeline import date_label, period_label

register = template.Library()


@register.inclusion_tag("governance/_decisions_for_action.html", takes_context=True)
def decisions_for_action(context, action):
    """The open decisions about a plan action: {% load governance_tags %}{% decisions_for_action action %}"""
    decisions = (
        Decision.objects.for_action(action)
        .open()
        .for_list()
        .filter(convention_id=action.convention_id)
    )
    return {"decisions": decisions, "action": action, "convention": action.convention}


@register.filter
def precise_date(value, precision="jour"):
    return date_label(value, precision)


@register.simple_tag
def precise_period(start, end, precision="jour"):
    return period_label(start, end, precision)
