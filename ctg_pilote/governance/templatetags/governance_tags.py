"""Template tags of the governance app, also used by other apps' pages (the action page)."""

from django import template
from django.db.models import Q

from ..models import Decision, SchemeLink

register = template.Library()


@register.inclusion_tag("governance/_decisions_for_action.html", takes_context=True)
def decisions_for_action(context, action):
    """The open decisions about a plan action and the other schemes it is linked to: {% load governance_tags %}{% decisions_for_action action %}"""
    decisions = (
        Decision.objects.for_action(action)
        .open()
        .for_list()
        .filter(convention_id=action.convention_id)
    )
    schemes = SchemeLink.objects.filter(
        Q(actions=action) | Q(nodes__in=action_nodes(action)), convention_id=action.convention_id
    ).distinct()
    return {
        "decisions": decisions,
        "schemes": schemes,
        "action": action,
        "convention": action.convention,
    }


def action_nodes(action) -> list:
    """The action's node and the nodes above it: a scheme linked to an axis concerns its
    actions too."""
    nodes, node = [], action.node
    while node is not None:
        nodes.append(node)
        node = node.parent
    return nodes
