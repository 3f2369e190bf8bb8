"""Loading a CTG for a view and checking the permission in one step."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .models import Convention

Check = Callable[..., bool]

DENIED_MESSAGES = {
    "can_view": _("Vous n'êtes pas membre de cette CTG : ses pages ne vous sont pas ouvertes."),
    "can_edit": _("Seuls la coordination de la CTG et la CAF peuvent modifier ces informations."),
    "can_manage_members": _("Seuls la coordination de la CTG et la CAF gèrent les membres."),
    "can_export": _("Seuls la coordination de la CTG et la CAF peuvent exporter la CTG."),
}


def convention_view(check: Check):
    """Decorate a view taking `slug`: load the CTG, ask `check(user, convention)`, pass it on.

    Anonymous visitors go to the sign-in page; signed-in people without the right get a 403
    page saying why: the check's own `denied_message` attribute if it has one (see
    `denied_message` below), else the message of the core check of that name. Objects below the CTG must then be fetched through `convention`, so an id
    from another CTG gives a 404.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            convention = get_object_or_404(Convention, slug=slug)
            if not check(request.user, convention):
                message = getattr(check, "denied_message", None) or DENIED_MESSAGES.get(
                    check.__name__, DENIED_MESSAGES["can_view"]
                )
                raise PermissionDenied(str(message))
            request.convention = convention
            return view(request, convention, *args, **kwargs)

        wrapper.permission_check = check
        return wrapper

    return decorator


def denied_message(message):
    """Give a permission function the sentence shown when it refuses:

    @denied_message(_("Seule la coordination gère les instances."))
    def can_manage_instances(user, convention): ...
    """

    def decorate(check: Check) -> Check:
        check.denied_message = message
        return check

    return decorate


def public_convention_view(check: Check):
    """Decorate a page anyone may open (families, the public) when `check(user, convention)`
    allows it, e.g. once the CTG is published; otherwise a 404, as if it did not exist.
    No sign-in is asked; the 404 says the check's `denied_message` if it has one. Sets
    `permission_check` like `convention_view`.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            convention = get_object_or_404(Convention, slug=slug)
            if not check(request.user, convention):
                message = getattr(check, "denied_message", None)
                raise Http404(str(message or _("Cette CTG n'a pas de page publique.")))
            request.convention = convention
            return view(request, convention, *args, **kwargs)

        wrapper.permission_check = check
        return wrapper

    return decorator
