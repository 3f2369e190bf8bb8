"""URLs of many objects of one page, reversed once for all.

{% load ctg_urls %}
{% id_url 'plan:action' convention.slug action.pk %}   -> /ctg/<slug>/plan/actions/12/

Same result as `{% url %}` when the last argument is an object's id (an int converter): the
address is reversed once with a marker in place of the id, then only the id changes. A page
listing 150 actions reverses one address instead of 150.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

MARKER = 918273645


@lru_cache(maxsize=2048)
def _around_id(viewname: str, args: tuple, prefix: str, urlconf) -> tuple[str, str]:
    head, _, tail = reverse(viewname, args=[*args, MARKER], urlconf=urlconf).rpartition(str(MARKER))
    return head, tail


def id_url(viewname: str, *args) -> str:
    """`reverse(viewname, args=[*args, pk])`, reversed once per view name and leading args."""
    *leading, pk = args
    head, tail = _around_id(viewname, tuple(leading), get_script_prefix(), get_urlconf())
    return f"{head}{int(pk)}{tail}"


def id_url_maker(viewname: str, *args):
    """For a view: the function giving `reverse(viewname, args=[*args, pk])` for any pk, the
    address reversed once (a page of many rows builds each link at the cost of a format)."""
    head, tail = _around_id(viewname, tuple(args), get_script_prefix(), get_urlconf())
    return lambda pk: f"{head}{int(pk)}{tail}"


register.simple_tag(id_url, name="id_url")
