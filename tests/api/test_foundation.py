"""The API's common behaviour: tokens, permissions, pagination and JSON errors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ctg_pilote.api.models import ApiToken
from ctg_pilote.api.services import create_token, revoke_token
from tests.conventions.factories import ConventionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def bearer(raw_key):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}


@pytest.fixture
def coordinator_token():
    membership = MembershipFactory(role="coordinateur")
    _token, raw_key = create_token(user=membership.user, name="Observatoire")
    return membership, raw_key


def test_a_token_lists_only_its_owners_ctgs(client, coordinator_token):
    membership, raw_key = coordinator_token
    ConventionFactory(name="Une autre CTG")
    response = client.get("/api/v1/ctg/", **bearer(raw_key))
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1
    assert [c["identifiant"] for c in data["resultats"]] == [membership.convention.slug]


def test_no_token_is_a_json_401(client):
    response = client.get("/api/v1/ctg/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "jeton" in response.json()["message"]


def test_expired_and_revoked_tokens_are_refused_with_the_reason(client, coordinator_token):
    membership, raw_key = coordinator_token
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(days=1))
    response = client.get("/api/v1/ctg/", **bearer(raw_key))
    assert response.status_code == 401
    assert "expiré" in response.json()["message"]
    token, other_key = create_token(user=membership.user, name="Tableau de bord")
    revoke_token(token=token)
    response = client.get("/api/v1/ctg/", **bearer(other_key))
    assert response.status_code == 401
    assert "révoqué" in response.json()["message"]
    assert client.get("/api/v1/ctg/", **bearer("ctg_nimporte-quoi")).status_code == 401


def test_another_ctg_is_forbidden_and_an_unknown_one_not_found(client, coordinator_token):
    _membership, raw_key = coordinator_token
    other = ConventionFactory()
    response = client.get(f"/api/v1/ctg/{other.slug}/", **bearer(raw_key))
    assert response.status_code == 403
    assert "membre" in response.json()["message"]
    response = client.get("/api/v1/ctg/nexiste-pas/", **bearer(raw_key))
    assert response.status_code == 404
    assert "nexiste-pas" in response.json()["message"]


def test_a_reader_cannot_write_and_nothing_changes(client):
    membership = MembershipFactory(role="partenaire")
    _token, raw_key = create_token(user=membership.user, name="Lecture")
    url = f"/api/v1/ctg/{membership.convention.slug}/"
    response = client.patch(
        url, {"nom": "Piraté"}, content_type="application/json", **bearer(raw_key)
    )
    assert response.status_code == 403
    membership.convention.refresh_from_db()
    assert membership.convention.name != "Piraté"


def test_wrong_types_give_field_messages_and_nothing_is_saved(client, coordinator_token):
    membership, raw_key = coordinator_token
    url = f"/api/v1/ctg/{membership.convention.slug}/"
    response = client.patch(
        url,
        {"nom": "Nouveau nom", "debut": "deux mille"},
        content_type="application/json",
        **bearer(raw_key),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "debut" in body["details"]
    membership.convention.refresh_from_db()
    assert membership.convention.name != "Nouveau nom"
    response = client.patch(
        url, {"nom": "Nouveau nom"}, content_type="application/json", **bearer(raw_key)
    )
    assert response.status_code == 200
    assert response.json()["nom"] == "Nouveau nom"


def test_oversized_pages_and_bodies_are_refused(client, coordinator_token, settings):
    membership, raw_key = coordinator_token
    response = client.get("/api/v1/ctg/?taille=100000", **bearer(raw_key))
    assert response.status_code == 400
    assert "taille" in response.json()["details"]
    response = client.get("/api/v1/ctg/?page=99", **bearer(raw_key))
    assert response.status_code == 404
    settings.CTG_API_MAX_BODY_BYTES = 1000
    response = client.patch(
        f"/api/v1/ctg/{membership.convention.slug}/",
        {"presentation": "x" * 5000},
        content_type="application/json",
        **bearer(raw_key),
    )
    assert response.status_code == 413
    membership.convention.refresh_from_db()
    assert membership.convention.description != "x" * 5000


def test_broken_json_and_unknown_addresses_are_json_errors(client, coordinator_token):
    membership, raw_key = coordinator_token
    response = client.patch(
        f"/api/v1/ctg/{membership.convention.slug}/",
        "{pas du json",
        content_type="application/json",
        **bearer(raw_key),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    response = client.get("/api/v1/nimporte/ou/", **bearer(raw_key))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_openapi_document_is_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/ctg/{slug}/" in document["paths"]


def test_an_api_address_no_route_matches_answers_json(client, db):
    """An identifier with a slash or a newline in it matches no route: still the API's JSON,
    not the HTML page a browser gets."""
    response = client.get("/api/v1/ctg/rochefort-ocean/plan/indicateurs/a/b%0A/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
    page = client.get("/nulle-part/")
    assert page.status_code == 404
    assert "text/html" in page["Content-Type"]
