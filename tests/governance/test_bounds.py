"""Dates out of bounds on the governance pages and API: a French message, nothing saved."""

import json

import pytest
from django.urls import reverse

from ctg_pilote.governance.models import Meeting
from tests.api.conftest import token_for
from tests.utils import page_text

pytestmark = pytest.mark.django_db

BOUNDS = "saisissez une date entre le 01/01/1990 et le 31/12/2100."


@pytest.mark.parametrize(
    ("typed", "shown"), [("01/01/0001 10:00", "01/01/0001"), ("31/12/9999 10:00", "31/12/9999")]
)
def test_meeting_form_refuses_a_date_out_of_bounds(member_client, copil, typed, shown):
    client, _ = member_client(copil.convention)
    response = client.post(
        reverse("governance:meeting_create", args=[copil.convention.slug]),
        {"instance": copil.pk, "title": "COPIL", "starts_at": typed, "agenda": "Bilan"},
    )
    assert response.status_code == 200
    assert f"Date hors limites ({shown}) : {BOUNDS}" in page_text(response)
    assert not Meeting.objects.exists()


def test_api_refuses_a_meeting_in_year_9999(client, member_client, copil):
    _, membership = member_client(copil.convention)
    response = client.post(
        f"/api/v1/ctg/{copil.convention.slug}/gouvernance/reunions/",
        json.dumps({"instance": copil.pk, "debut": "9999-12-31T10:00"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(membership)}",
    )
    assert response.status_code == 400
    assert response.json()["details"]["debut"] == [f"Date hors limites (31/12/9999) : {BOUNDS}"]
    assert not Meeting.objects.exists()
