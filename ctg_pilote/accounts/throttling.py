"""Limits on guessing: sign-in, password reset and API tokens.

Each limit allows at most N attempts in a sliding window of M minutes for one account, e-mail
or address (`settings.CTG_ATTEMPT_LIMITS`); past it, the next attempt is refused until the
oldest one that counts leaves the window. Attempts refused this way are not recorded, so the
wait never grows, and a successful sign-in erases nothing: an address spraying many accounts
keeps its count. Attempts are rows in the database rather than cache entries: increments made
at the same time by several processes are never lost.
"""

import functools
import hashlib
import hmac
import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Attempt


def keyed_digest(value: str) -> str:
    # Addresses and e-mails are personal data: only a keyed digest is stored.
    normalized = value.strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalized, hashlib.sha256).hexdigest()


def _window(scope: str) -> tuple[int, timedelta]:
    attempts, minutes = settings.CTG_ATTEMPT_LIMITS[scope]
    return attempts, timedelta(minutes=minutes)


def wait_seconds(*checks: tuple[str, str]) -> int:
    """Seconds before one more attempt is allowed for every (scope, value); 0 if allowed now."""
    now = timezone.now()
    wait = 0
    for scope, value in checks:
        attempts, window = _window(scope)
        recent = list(
            Attempt.objects.filter(scope=scope, key=keyed_digest(value), at__gt=now - window)
            .order_by("-at")
            .values_list("at", flat=True)[:attempts]
        )
        if len(recent) >= attempts:
            # Allowed again once the attempts-th most recent one has left the window.
            wait = max(wait, math.ceil((recent[-1] + window - now).total_seconds()))
    return wait


def record(*checks: tuple[str, str]) -> None:
    """Count one attempt for every (scope, value), and forget those out of their window."""
    now = timezone.now()
    Attempt.objects.bulk_create(
        [Attempt(scope=scope, key=keyed_digest(value), at=now) for scope, value in checks]
    )
    for scope in {scope for scope, _value in checks}:
        Attempt.objects.filter(scope=scope, at__lte=now - _window(scope)[1]).delete()


def in_minutes(seconds: int) -> int:
    """A wait as the user reads it: whole minutes, rounded up."""
    return max(1, math.ceil(seconds / 60))


@functools.cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies if proxy != "*")


def _is_trusted_proxy(address: str) -> bool:
    proxies = tuple(settings.CTG_TRUSTED_PROXIES)
    if "*" in proxies:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks(proxies))


def client_address(request) -> str:
    """The address of whoever sent the request.

    REMOTE_ADDR is the reverse proxy's address in production (gunicorn does not rewrite it).
    When it is one of the trusted proxies (FORWARDED_ALLOW_IPS), X-Forwarded-For is read from
    the right, past the trusted proxies: its left part is whatever the client chose to send,
    only what the proxies appended is believed.
    """
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    while hops and _is_trusted_proxy(address):
        address = hops.pop()
    return address
