"""{% load diagnostic_tags %}: {{ mapping|get_item:key }} reads a dict by a variable key."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")
