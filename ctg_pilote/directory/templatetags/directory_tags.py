from django import template

from ctg_pilote.conventions.models import Convention

register = template.Library()


@register.simple_tag
def published_conventions():
    """The CTGs whose public page is online, for the public home."""
    return Convention.objects.filter(publication__is_published=True).order_by("name")
