"""How an API request says who it is: a personal token, or the browser's session."""

from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .models import ApiToken, digest

# last_used_at is written at most this often, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <jeton>` (or `Token <jeton>`). The request acts as the owner."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("En-tête Authorization mal formé : attendu « Bearer <jeton> ».")
            )
        try:
            raw_key = header[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Jeton illisible.")) from error
        token = ApiToken.objects.select_related("user").filter(key_digest=digest(raw_key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Jeton inconnu."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Ce jeton a été révoqué."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("Ce jeton a expiré le %(date)s : créez-en un nouveau.")
                % {"date": formats.date_format(timezone.localtime(token.expires_at))}
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                _("Le compte titulaire de ce jeton est désactivé.")
            )
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser (CSRF checked on writes), e.g. for the API's documentation page."""
