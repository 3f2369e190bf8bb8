"""{% id_url %} gives the address {% url %} gives, reversing once per view and leading args."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from ctg_pilote.core.templatetags import ctg_urls
from ctg_pilote.plan.models import Action, ActionStatus


@pytest.mark.parametrize("pk", [1, 7, 918273645, 12345678901])
def test_id_url_is_the_url_tag(pk):
    rendered = Template(
        "{% load ctg_urls %}{% id_url 'plan:action' slug pk %}|{% url 'plan:action' slug pk %}"
    ).render(Context({"slug": "rochefort-ocean", "pk": pk}))
    fast, slow = rendered.split("|")
    assert fast == slow == reverse("plan:action", args=["rochefort-ocean", pk])


def test_id_url_reverses_once_for_many_objects():
    ctg_urls._around_id.cache_clear()
    urls = [ctg_urls.id_url("plan:indicator", "une-ctg", pk) for pk in range(1, 200)]
    assert urls[41] == reverse("plan:indicator", args=["une-ctg", 42])
    assert ctg_urls._around_id.cache_info().misses == 1
    assert ctg_urls.id_url("plan:indicator", "autre-ctg", 42) == reverse(
        "plan:indicator", args=["autre-ctg", 42]
    )


@pytest.mark.parametrize("pk", [1, 7, 918273645])
def test_id_url_maker_gives_the_same_address(pk):
    make = ctg_urls.id_url_maker("plan:action", "rochefort-ocean")
    assert make(pk) == reverse("plan:action", args=["rochefort-ocean", pk])


def test_status_display_says_unknown_and_keeps_an_unlisted_code():
    assert Action(status="").get_status_display() == "Non renseigné"
    assert Action(status=ActionStatus.DONE).get_status_display() == "Réalisée"
    assert Action(status="inconnu").get_status_display() == "inconnu"
