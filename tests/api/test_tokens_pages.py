"""/compte/jetons/: creating, listing and revoking one's personal API tokens."""

import re

import pytest
from django.contrib.admin.sites import site

from ctg_pilote.api.models import ApiToken, digest
from ctg_pilote.api.services import create_token
from tests.conventions.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_works_on_the_api(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post("/compte/jetons/", {"name": "Observatoire", "days": 30})
    assert response.status_code == 200
    page = response.content.decode()
    secret = re.search(r'value="(ctg_[^"]+)"', page).group(1)
    assert "ne sera plus jamais affiché" in page
    assert f'curl -H "Authorization: Bearer {secret}" http://testserver/api/v1/ctg/' in page
    token = ApiToken.objects.get(user=membership.user)
    assert token.key_digest == digest(secret) and token.name == "Observatoire"
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 30

    client.logout()
    response = client.get("/api/v1/ctg/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.json()["resultats"][0]["identifiant"] == membership.convention.slug

    client.force_login(membership.user)
    page = client.get("/compte/jetons/").content.decode()
    assert "Observatoire" in page and token.hint in page
    assert secret not in page


def test_the_lifetime_is_capped_by_the_settings(client, settings):
    settings.CTG_API_TOKEN_MAX_DAYS = 60
    client.force_login(UserFactory())
    response = client.post("/compte/jetons/", {"name": "Long", "days": 400})
    assert response.status_code == 200
    assert "au plus 60 jours" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_asks_for_confirmation_then_the_token_stops_working(client):
    user = UserFactory()
    token, secret = create_token(user=user, name="Ancien outil")
    client.force_login(user)
    url = f"/compte/jetons/{token.pk}/revoquer/"
    assert "définitif" in client.get(url).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(url, follow=True)
    assert "révoqué" in response.content.decode()
    client.logout()
    response = client.get("/api/v1/ctg/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401


def test_tokens_are_private_to_their_owner(client):
    token, _secret = create_token(user=UserFactory(), name="Pas à moi")
    assert client.get("/compte/jetons/").status_code == 302
    client.force_login(UserFactory())
    assert "Pas à moi" not in client.get("/compte/jetons/").content.decode()
    assert client.post(f"/compte/jetons/{token.pk}/revoquer/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_account_menu_links_the_token_page(client):
    client.force_login(MembershipFactory().user)
    assert 'href="/compte/jetons/"' in client.get("/ctg/").content.decode()


def test_administrators_revoke_tokens_but_never_see_a_secret(admin_client):
    token, _secret = create_token(user=UserFactory(), name="Suspect")
    assert site.is_registered(ApiToken)
    response = admin_client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "1 jeton révoqué" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert admin_client.get("/admin/api/apitoken/add/").status_code == 403
