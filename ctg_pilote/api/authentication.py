"""How an API request says who it is: a personal token, or the browser's session."""

from datetime import timedelta
from typing import NoReturn

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import authentication, exceptions

from ctg_pilote.accounts import throttling

from .models import ApiToken, digest

# last_used_at is written at most this often, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class TooManyAttempts(exceptions.Throttled):
    """Too many refused tokens from one address or for one account: 429 with Retry-After."""

    def __init__(self, wait: int, message: str):
        super().__init__(wait=wait)
        # Only the French message: DRF would append its own sentence about the wait.
        self.detail = exceptions.ErrorDetail(message, code=self.default_code)


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <jeton>` (or `Token <jeton>`). The request acts as the owner."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        # An address that sent too many refused tokens waits, whatever it sends now.
        address = ("api_address", throttling.client_address(request))
        self._wait(throttling.wait_seconds(address))
        if len(header) != 2:
            self._refuse(
                _("En-tête Authorization mal formé : attendu « Bearer <jeton> »."), address
            )
        try:
            raw_key = header[1].decode()
        except UnicodeDecodeError:
            self._refuse(_("Jeton illisible."), address)
        token = ApiToken.objects.select_related("user").filter(key_digest=digest(raw_key)).first()
        if token is None:
            self._refuse(_("Jeton inconnu."), address)
        # A refused token of a known owner also counts for that account.
        account = ("api_account", str(token.user_id))
        if token.revoked_at is not None:
            self._refuse(_("Ce jeton a été révoqué."), address, account)
        now = timezone.now()
        if token.expires_at <= now:
            self._refuse(
                _("Ce jeton a expiré le %(date)s : créez-en un nouveau.")
                % {"date": formats.date_format(timezone.localtime(token.expires_at))},
                address,
                account,
            )
        if not token.user.is_active:
            self._refuse(_("Le compte titulaire de ce jeton est désactivé."), address, account)
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'

    @staticmethod
    def _wait(seconds: int) -> None:
        if seconds:
            minutes = throttling.in_minutes(seconds)
            raise TooManyAttempts(
                seconds,
                ngettext(
                    "Trop de tentatives avec des jetons refusés : réessayez dans %(minutes)d "
                    "minute.",
                    "Trop de tentatives avec des jetons refusés : réessayez dans %(minutes)d "
                    "minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )

    def _refuse(self, message: str, *checks: tuple[str, str]) -> NoReturn:
        self._wait(throttling.wait_seconds(*checks))
        throttling.record(*checks)
        raise exceptions.AuthenticationFailed(message)


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser (CSRF checked on writes), e.g. for the API's documentation page."""
