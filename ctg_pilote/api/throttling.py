"""How many API requests a token may send, and the guard against guessed tokens
(accounts/throttling.py). Rates: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

Requests are counted in fixed windows of the rate's period (a minute for "120/minute"), in
the database, so every app server counts the same requests. Counting a request is one
statement (an upsert returning the new count), where DRF's own throttles read and rewrite the
list of every request's time through the cache (on the database cache, five statements in a
transaction, and a list that grows with the rate). A window allows its number of requests;
the answer to the next one says when the window ends (Retry-After). Addresses are stored as
their keyed digest, like the attempts of accounts/throttling.py."""

import math

from django.db import connection
from rest_framework import throttling

from ctg_pilote.accounts.throttling import client_address, keyed_digest

from .models import ApiToken, RateCount

# Rows of keys not seen for this long are removed when a window starts for some key.
FORGET_AFTER_SECONDS = 24 * 3600


def count_request(key: str, window_start: int) -> int:
    """Count one request for `key` in the window starting at `window_start` (seconds since the
    epoch); returns the requests counted in that window, this one included."""
    quote = connection.ops.quote_name
    table = quote(RateCount._meta.db_table)
    key_col, start_col, count_col = (quote(name) for name in ("key", "window_start", "count"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_col}, {start_col}, {count_col}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({key_col}) DO UPDATE SET "
            f"{count_col} = CASE WHEN {table}.{start_col} = EXCLUDED.{start_col} "
            f"THEN {table}.{count_col} + 1 ELSE 1 END, "
            f"{start_col} = EXCLUDED.{start_col} "
            f"RETURNING {count_col}",
            [key, window_start],
        )
        count = cursor.fetchone()[0]
    if count == 1:
        RateCount.objects.filter(window_start__lt=window_start - FORGET_AFTER_SECONDS).delete()
    return count


class WindowRateThrottle(throttling.SimpleRateThrottle):
    """DRF's rate ("120/minute"), counted per fixed window by `count_request`."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        start = int(self.now // self.duration) * self.duration
        self.window_end = start + self.duration
        return count_request(self.key, start) <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window ends (a whole number, at least one)."""
        return max(1, math.ceil(self.window_end - self.now))


class TokenRateThrottle(WindowRateThrottle):
    """Per token; a browser session counts per person."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(WindowRateThrottle):
    """Per address, for requests without a token or session (documentation, errors)."""

    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        # An address is personal data: only its keyed digest is stored.
        ident = keyed_digest(client_address(request))
        return self.cache_format % {"scope": self.scope, "ident": ident}
