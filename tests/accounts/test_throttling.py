"""Guessing passwords: sign-in, administration and password reset wait after too many tries,
per account (or e-mail) and per address, and let people in again once the window is over."""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ctg_pilote.accounts.checks import trusted_proxies_are_addresses
from ctg_pilote.accounts.models import User
from ctg_pilote.accounts.throttling import client_address
from ctg_pilote.settings.base import env_limit, env_rate
from tests.utils import page_text

pytestmark = pytest.mark.django_db

PASSWORD = "un-long-mot-de-passe-2026"
ATTACKER = "203.0.113.7"


@contextmanager
def clock_at(moment):
    """Django's clock stopped at `moment`, for everything that reads timezone.now()."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def sign_in(client, email, password, url=None, address=ATTACKER):
    return client.post(
        url or reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_forty_wrong_passwords_then_the_right_one_waits_for_the_window(client):
    User.objects.create_user("agent@exemple.test", PASSWORD)
    start = timezone.now()
    with clock_at(start):
        for attempt in range(40):
            sign_in(client, "agent@exemple.test", f"essai-{attempt}")
        response = sign_in(client, "agent@exemple.test", PASSWORD)
    assert response.status_code == 200
    assert not signed_in(client)
    assert "Trop de tentatives de connexion : réessayez dans 15 minutes." in page_text(response)

    with clock_at(start + timedelta(minutes=14, seconds=30)):
        response = sign_in(client, "agent@exemple.test", PASSWORD)
    assert "réessayez dans 1 minute." in page_text(response)
    assert not signed_in(client)

    with clock_at(start + timedelta(minutes=15, seconds=1)):
        response = sign_in(client, "agent@exemple.test", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_account_limit_holds_whatever_the_address(client):
    User.objects.create_user("agent@exemple.test", PASSWORD)
    failures = settings.CTG_ATTEMPT_LIMITS["login_account"][0]
    for attempt in range(failures):
        sign_in(client, "Agent@Exemple.test", "mauvais", address=f"198.51.100.{attempt}")
    response = sign_in(client, "agent@exemple.test", PASSWORD, address="192.0.2.1")
    assert "Trop de tentatives de connexion" in page_text(response)
    assert not signed_in(client)


def test_a_few_mistakes_do_not_stop_the_right_password(client):
    User.objects.create_user("agent@exemple.test", PASSWORD)
    failures = settings.CTG_ATTEMPT_LIMITS["login_account"][0]
    for _attempt in range(failures - 1):
        response = sign_in(client, "agent@exemple.test", "mauvais")
        assert "mot de passe incorrect" in page_text(response)
    assert sign_in(client, "agent@exemple.test", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_administration_login_has_the_same_limit(client):
    User.objects.create_superuser("admin@exemple.test", PASSWORD)
    url = reverse("admin:login")
    start = timezone.now()
    with clock_at(start):
        for attempt in range(40):
            sign_in(client, "admin@exemple.test", f"essai-{attempt}", url=url)
        response = sign_in(client, "admin@exemple.test", PASSWORD, url=url)
    assert response.status_code == 200
    assert not signed_in(client)
    assert "Trop de tentatives de connexion : réessayez dans 15 minutes." in page_text(response)

    with clock_at(start + timedelta(minutes=15, seconds=1)):
        response = sign_in(client, "admin@exemple.test", PASSWORD, url=url)
    assert response.status_code == 302
    assert signed_in(client)


def test_one_address_spraying_many_accounts_is_stopped_even_with_its_own_success(client):
    User.objects.create_user("complice@exemple.test", PASSWORD)
    User.objects.create_user("victime@exemple.test", PASSWORD)
    failures = settings.CTG_ATTEMPT_LIMITS["login_address"][0]
    for number in range(failures - 1):
        sign_in(client, f"personne-{number}@exemple.test", "123456")
    # A success in between erases nothing.
    assert sign_in(client, "complice@exemple.test", PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "encore-une@exemple.test", "123456")

    response = sign_in(client, "victime@exemple.test", PASSWORD)
    assert "Trop de tentatives de connexion" in page_text(response)
    assert not signed_in(client)
    # The account itself is not locked: its owner signs in from elsewhere.
    assert sign_in(client, "victime@exemple.test", PASSWORD, address="192.0.2.1").status_code == 302


def test_a_forged_x_forwarded_for_does_not_change_the_address(client):
    User.objects.create_user("victime@exemple.test", PASSWORD)
    failures = settings.CTG_ATTEMPT_LIMITS["login_address"][0]
    for number in range(failures):
        client.post(
            reverse("accounts:login"),
            {"username": f"personne-{number}@exemple.test", "password": "123456"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.1.{number}.1",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "victime@exemple.test", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert "Trop de tentatives de connexion" in page_text(response)


def test_behind_the_reverse_proxy_each_visitor_has_their_own_count(client, settings):
    settings.CTG_TRUSTED_PROXIES = ["10.0.0.2"]
    User.objects.create_user("voisin@exemple.test", PASSWORD)
    failures = settings.CTG_ATTEMPT_LIMITS["login_address"][0]
    for number in range(failures):
        client.post(
            reverse("accounts:login"),
            {"username": f"personne-{number}@exemple.test", "password": "123456"},
            REMOTE_ADDR="10.0.0.2",
            # The attacker's own header first, then what nginx appends: its real address.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {ATTACKER}",
        )
    proxied = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = client.post(
        reverse("accounts:login"),
        {"username": "voisin@exemple.test", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=ATTACKER,
        **proxied,
    )
    assert "Trop de tentatives de connexion" in page_text(attacker)
    neighbour = client.post(
        reverse("accounts:login"),
        {"username": "voisin@exemple.test", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
        **proxied,
    )
    assert neighbour.status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "", "203.0.113.7"),
        ("203.0.113.7", "10.0.0.2", "203.0.113.7"),  # not from a proxy: header ignored
        ("10.0.0.2", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.2", "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # left part chosen by the client
        ("10.0.0.2", "203.0.113.7, 10.0.0.3", "203.0.113.7"),  # two proxies in a row
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_address_believes_only_the_trusted_proxies(
    settings, remote, forwarded, expected
):
    settings.CTG_TRUSTED_PROXIES = ["10.0.0.2", "10.0.0.3/32"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_mistyped_proxy_is_reported_at_start(settings):
    settings.CTG_TRUSTED_PROXIES = ["10.0.0.2", "nginx.local"]
    errors = trusted_proxies_are_addresses(None)
    assert ["nginx.local" in error.msg for error in errors] == [True]


def request_reset(client, email, address=ATTACKER):
    return client.post(
        reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address, follow=True
    )


@pytest.mark.parametrize("email", ["connue@exemple.test", "inconnue@exemple.test"])
def test_forty_password_reset_requests_then_one_waits_and_tells_nothing_more(client, email):
    User.objects.create_user("connue@exemple.test", PASSWORD)
    allowed = settings.CTG_ATTEMPT_LIMITS["reset_email"][0]
    start = timezone.now()
    with clock_at(start):
        answers = [page_text(request_reset(client, email)) for _attempt in range(40)]
        response = request_reset(client, email)
    assert all("Consultez votre messagerie" in answer for answer in answers[:allowed])
    assert "Trop de tentatives de réinitialisation : réessayez dans 60 minutes." in page_text(
        response
    )
    # Known or not, the same pages; only the known address receives links, at most `allowed`.
    expected_mails = allowed if email == "connue@exemple.test" else 0
    assert len(mail.outbox) == expected_mails

    with clock_at(start + timedelta(minutes=60, seconds=1)):
        response = request_reset(client, email)
    assert "Consultez votre messagerie" in page_text(response)


def test_password_reset_is_limited_per_address_too(client):
    allowed = settings.CTG_ATTEMPT_LIMITS["reset_address"][0]
    for number in range(allowed):
        request_reset(client, f"personne-{number}@exemple.test")
    response = request_reset(client, "une-autre@exemple.test")
    assert "Trop de tentatives de réinitialisation" in page_text(response)
    assert "Consultez votre messagerie" in page_text(
        request_reset(client, "une-autre@exemple.test", address="192.0.2.1")
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("CTG_LIMIT_LOGIN_ACCOUNT", "dix"), ("CTG_LIMIT_LOGIN_ACCOUNT", "0/15")],
)
def test_a_limit_written_wrong_stops_the_start_with_a_french_message(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=f"{name} doit s'écrire « tentatives/minutes »"):
        env_limit(name, "10/15")


def test_limits_and_rates_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CTG_LIMIT_LOGIN_ACCOUNT", "5/30")
    monkeypatch.setenv("CTG_API_RATE", "1000/hour")
    assert env_limit("CTG_LIMIT_LOGIN_ACCOUNT", "10/15") == (5, 30)
    assert env_rate("CTG_API_RATE", "120/minute") == "1000/hour"
    monkeypatch.setenv("CTG_API_RATE", "120 par minute")
    with pytest.raises(ImproperlyConfigured, match="CTG_API_RATE doit s'écrire"):
        env_rate("CTG_API_RATE", "120/minute")
