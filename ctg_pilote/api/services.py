"""Creating and revoking personal API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import TOKEN_PREFIX, ApiToken, digest


def create_token(*, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days (capped by CTG_API_TOKEN_MAX_DAYS).

    Returns the token and its secret, which is never stored and cannot be shown again.
    """
    max_days = settings.CTG_API_TOKEN_MAX_DAYS
    days = max(1, min(days or max_days, max_days))
    raw_key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_digest=digest(raw_key),
        hint=raw_key[: len(TOKEN_PREFIX) + 6],
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, raw_key


def revoke_token(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
