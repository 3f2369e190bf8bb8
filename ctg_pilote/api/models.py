"""Personal API tokens. A token acts as its owner: same CTGs, same roles, nothing more.

Only a SHA-256 digest of the secret is stored; the secret is shown once, at creation.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "ctg_"


def digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("titulaire"),
    )
    name = models.CharField(_("nom"), max_length=100, help_text=_("À quoi sert ce jeton."))
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(
        _("début du jeton"), max_length=12, editable=False, help_text=_("Pour le reconnaître.")
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class RateCount(models.Model):
    """Requests counted for one throttle key (a token, a person, an address) in its current
    window: one row per key, rewritten in place by a single statement (api/throttling.py)."""

    key = models.CharField(max_length=200, unique=True)
    window_start = models.BigIntegerField(db_index=True)  # seconds since the epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("compteur de requêtes")
        verbose_name_plural = _("compteurs de requêtes")

    def __str__(self):
        return f"{self.key} : {self.count}"
