"""Structured logs: each request handled by Django gives one JSON line a log collector can read."""

import json
import logging

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from ctg_pilote.core.logging import JsonFormatter

pytestmark = pytest.mark.django_db


def json_lines(caplog, logger_name):
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == logger_name]


def test_a_request_gives_a_json_line_with_its_status_and_user(caplog, convention, member_client):
    client, membership = member_client(convention, "coordinateur")
    with caplog.at_level(logging.INFO, logger="ctg_pilote.requests"):
        client.get(reverse("plan:index", args=[convention.slug]) + "?q=12+rue+des+Lilas")
        client.get(f"/ctg/{convention.slug}/plan/actions/999999/")
    page, missing = json_lines(caplog, "ctg_pilote.requests")
    assert page["level"] == "INFO"
    assert page["logger"] == "ctg_pilote.requests"
    assert page["method"] == "GET"
    assert page["path"] == f"/ctg/{convention.slug}/plan/"  # never the query string
    assert page["status"] == 200
    assert page["user_id"] == membership.user.pk
    assert page["duration_ms"] >= 0
    assert page["timestamp"].endswith("+00:00")
    assert missing["status"] == 404


def test_successful_health_checks_are_not_logged(caplog, client):
    with caplog.at_level(logging.INFO, logger="ctg_pilote.requests"):
        client.get("/sante/")
    assert json_lines(caplog, "ctg_pilote.requests") == []


@override_settings(ROOT_URLCONF="tests.deploy.urls")
def test_an_error_is_logged_with_its_exception_text(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = client.get("/panne/")
    assert response.status_code == 500
    assert "panne simulée" not in response.content.decode()
    (error,) = json_lines(caplog, "django.request")
    assert error["level"] == "ERROR"
    assert error["status"] == 500
    assert error["path"] == "/panne/"
    assert "RuntimeError: panne simulée" in error["exception"]
    (request,) = json_lines(caplog, "ctg_pilote.requests")
    assert request["status"] == 500
