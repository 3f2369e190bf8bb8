"""Every API error is JSON: {"code": ..., "message": ..., "details": {...}} in French.

`details` maps each invalid field (or query parameter) to its messages. Nothing is saved
when an error is returned: writes run in one transaction (ATOMIC_REQUESTS is not relied on;
views use transaction.atomic around their writes).
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ctg_pilote.core.deletion import DeletionRefused, refusal_of
from ctg_pilote.core.versioning import StaleEdit

from .parsers import PayloadTooLarge

MESSAGES = {
    "invalid": _("Les données envoyées ne sont pas valides."),
    "parse_error": _("Le corps de la requête n'est pas du JSON valide."),
    "not_authenticated": _(
        "Authentification requise : envoyez un jeton personnel (« Authorization: Bearer … »)."
    ),
    "not_found": _("Ressource introuvable."),
    "method_not_allowed": _("Méthode non autorisée sur cette adresse."),
    "unsupported_media_type": _("Type de contenu non pris en charge : envoyez du JSON."),
}


class Conflict(exceptions.APIException):
    """An edit based on an outdated version of the object (someone saved in between)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def stale_conflict(error: StaleEdit) -> Response:
    """The 409 of a write sent with an outdated `version`: the current version and, when a
    history records them (actions), the changes made since the version sent."""
    if error.current is None:
        message = _("Cet objet a été supprimé entre-temps : rien n'a été enregistré.")
        return error_response("conflict", message, status.HTTP_409_CONFLICT)
    current = error.current.version
    changes = [
        {
            "version": change.version,
            "le": change.at.isoformat(),
            "champ": change.field,
            "libelle": change.label,
            "avant": change.old,
            "apres": change.new,
        }
        for change in error.changes
    ]
    labels = ", ".join(dict.fromkeys(c["libelle"] for c in changes))
    values = {"sent": error.expected, "current": current, "labels": labels}
    if labels:
        message = _(
            "Quelqu'un a enregistré cet objet depuis la version %(sent)s que vous avez envoyée "
            "(version actuelle : %(current)s ; changé : %(labels)s). Rien n'a été enregistré : "
            "relisez-le, puis renvoyez votre modification avec la version %(current)s."
        )
    else:
        message = _(
            "Quelqu'un a enregistré cet objet depuis la version %(sent)s que vous avez envoyée "
            "(version actuelle : %(current)s). Rien n'a été enregistré : relisez-le, puis "
            "renvoyez votre modification avec la version %(current)s."
        )
    message %= values
    return error_response(
        "conflict",
        message,
        status.HTTP_409_CONFLICT,
        {"version": [message], "version_actuelle": current, "changements": changes},
    )


def body(code: str, message: str, details=None) -> dict:
    data = {"code": code, "message": str(message)}
    if details:
        data["details"] = details
    return data


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        return stale_conflict(exc)
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(_("Le corps de la requête est trop volumineux."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else MESSAGES["not_found"])
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        # A deletion that did not go through core.deletion: still a French 409, never a 500.
        exc = Conflict(" ".join(refusal_of(exc).messages))
    elif isinstance(exc, DeletionRefused):
        # Something still holds the object: the caller must reassign or delete it first.
        exc = Conflict(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        # A service refusing the write (e.g. a year outside the CTG's period).
        details = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(details)
    elif type(exc) is exceptions.Throttled:
        # Over a rate of api/throttling.py (refused tokens raise their own subclass with its
        # message); DRF adds the Retry-After header.
        seconds = max(1, int(exc.wait or 1))
        message = ngettext(
            "Trop de requêtes : réessayez dans %(seconds)d seconde.",
            "Trop de requêtes : réessayez dans %(seconds)d secondes.",
            seconds,
        ) % {"seconds": seconds}
        exc.detail = exceptions.ErrorDetail(message, code=exc.default_code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = body("invalid", MESSAGES["invalid"], details)
    else:
        if not isinstance(code, str):
            code = "error"
        message = MESSAGES.get(code) if code in ("not_authenticated",) else None
        detail = getattr(exc, "detail", "")
        response.data = body(code, message or detail or MESSAGES.get(code, ""))
    return response


@csrf_exempt
def json_not_found(request, *args, **kwargs):
    """Any address under /api/ that matches nothing, whatever the method (no CSRF page)."""
    return JsonResponse(
        body("not_found", _("Aucune ressource à l'adresse %(path)s.") % {"path": request.path}),
        status=404,
    )


def error_response(code: str, message: str, status_code: int, details=None) -> Response:
    return Response(body(code, message, details), status=status_code)
