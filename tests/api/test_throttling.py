"""The API under pressure: refused tokens make their address (or owner) wait, and a token
sending too many requests waits too, with a French JSON 429 and Retry-After."""

import math
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ctg_pilote.api.services import create_token, revoke_token
from ctg_pilote.api.throttling import TokenRateThrottle
from tests.conventions.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"


def call(client, raw_key, address=ATTACKER):
    return client.get("/api/v1/ctg/", HTTP_AUTHORIZATION=f"Bearer {raw_key}", REMOTE_ADDR=address)


@pytest.fixture
def raw_key():
    return create_token(user=MembershipFactory().user, name="Observatoire")[1]


def test_repeated_bad_tokens_make_the_address_wait(client, raw_key):
    failures = settings.CTG_ATTEMPT_LIMITS["api_address"][0]
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        answers = [call(client, f"ctg_devine{number}") for number in range(failures)]
        refused = call(client, "ctg_encore-un")
        # Even a real token waits when it comes from that address.
        real = call(client, raw_key)
    assert {answer.status_code for answer in answers} == {401}
    for response in (refused, real):
        assert response.status_code == 429
        assert response["Retry-After"] == "900"
        assert response.json() == {
            "code": "throttled",
            "message": "Trop de tentatives avec des jetons refusés : réessayez dans 15 minutes.",
        }
    assert call(client, raw_key, address="192.0.2.1").status_code == 200

    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=15)):
        assert call(client, raw_key).status_code == 200


def test_refused_tokens_of_one_owner_count_across_addresses(client):
    user = MembershipFactory().user
    token, raw_key = create_token(user=user, name="Ancien script")
    revoke_token(token=token)
    failures = settings.CTG_ATTEMPT_LIMITS["api_account"][0]
    answers = [call(client, raw_key, address=f"198.51.100.{n}") for n in range(failures + 1)]
    assert [answer.status_code for answer in answers] == [401] * failures + [429]
    assert "Trop de tentatives" in answers[-1].json()["message"]


def test_a_token_over_its_rate_waits_and_others_do_not(client, raw_key):
    rate = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"].split("/")[0])
    start = time.time()
    with mock.patch.object(TokenRateThrottle, "timer", return_value=start):
        answers = [call(client, raw_key).status_code for _request in range(rate)]
        over = call(client, raw_key)
        other = create_token(user=MembershipFactory().user, name="Autre outil")[1]
        assert call(client, other).status_code == 200
    assert set(answers) == {200}
    assert over.status_code == 429
    # The requests are counted per minute: the answer says when this minute ends.
    left = max(1, math.ceil(60 - start % 60))
    assert over["Retry-After"] == str(left)
    assert over.json() == {
        "code": "throttled",
        "message": f"Trop de requêtes : réessayez dans {left} seconde{'s' if left > 1 else ''}.",
    }
    with mock.patch.object(TokenRateThrottle, "timer", return_value=start + left - 1):
        assert call(client, raw_key).status_code == 429
    with mock.patch.object(TokenRateThrottle, "timer", return_value=start + left):
        assert call(client, raw_key).status_code == 200


def test_a_request_is_counted_in_one_statement(client, raw_key):
    with mock.patch.object(TokenRateThrottle, "timer", return_value=time.time()):
        call(client, raw_key)
        with CaptureQueriesContext(connection) as queries:
            assert call(client, raw_key).status_code == 200
    counting = [q["sql"] for q in queries.captured_queries if "api_ratecount" in q["sql"]]
    assert len(counting) == 1
    assert not [q for q in queries.captured_queries if "ctg_cache" in q["sql"]]


def test_every_operation_documents_the_429(client):
    document = client.get("/api/v1/openapi.json").json()
    for item in document["paths"].values():
        for operation in item.values():
            assert "429" in operation["responses"]
