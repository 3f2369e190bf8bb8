"""/sante/ tells load balancers and monitoring whether the database and the cache answer."""

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_health_answers_without_authentication_and_is_never_cached(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": {"status": "ok"}, "cache": {"status": "ok"}},
    }
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/sante/").status_code == 405


def test_health_with_the_production_cache_table(client):
    database_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ctg_cache",
        }
    }
    with override_settings(CACHES=database_cache):
        call_command("createcachetable", verbosity=0)
        assert client.get("/sante/").status_code == 200


def test_health_names_the_cache_when_it_does_not_answer(client):
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ):
        response = client.get("/sante/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["cache"] == {"status": "error", "message": "Le cache ne répond pas."}


def test_health_names_the_database_when_it_does_not_answer(client, monkeypatch):
    def unreachable():
        raise OperationalError('connection to server at "db.exemple.fr" failed: timeout')

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/sante/")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == {
        "status": "error",
        "message": "La base de données ne répond pas.",
    }
    assert "db.exemple.fr" not in response.content.decode()
