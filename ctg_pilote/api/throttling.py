"""How many API requests a token may send (DRF throttles on the shared cache), and the guard
against guessed tokens (accounts/throttling.py). Rates: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]."""

from rest_framework import throttling

from ctg_pilote.accounts.throttling import client_address

from .models import ApiToken


class TokenRateThrottle(throttling.SimpleRateThrottle):
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


class AnonymousRateThrottle(throttling.SimpleRateThrottle):
    """Per address, for requests without a token or session (documentation, errors)."""

    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
