"""Pages under a CTG reached without an account, through a private code instead.

`convention_view` sends anonymous visitors to sign in; seminar ballots (taken on a phone by
people without an account) and personal calendar feeds (read by calendar applications) are
opened by a secret instead (pages open to anyone use `conventions.access.public_convention_view`).
This decorator loads the CTG and the object named by the secret,
asks a permission function of `perms.py`, and marks the view as guarded like
`convention_view` does (`permission_check`).
"""

from collections.abc import Callable
from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404

from ctg_pilote.conventions.models import Convention


def token_view(lookup: Callable, check: Callable[..., bool]):
    """`lookup(token)` finds the object or None; `check(obj, convention)` must say yes."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, token, *args, **kwargs):
            convention = get_object_or_404(Convention, slug=slug)
            obj = lookup(token)
            if not check(obj, convention):
                raise Http404(str(check.refusal))
            request.convention = convention
            return view(request, convention, obj, *args, **kwargs)

        wrapper.permission_check = check
        return wrapper

    return decorator
