"""A database still locked after the wait (SQLite under concurrent writes) is not a 500."""

from __future__ import annotations

from django.db import OperationalError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

BUSY_MESSAGE = _(
    "La base est occupée par une autre opération (un import, par exemple) : réessayez dans "
    "un instant. Rien n'a été enregistré."
)


def is_busy(error: BaseException) -> bool:
    message = str(error).lower()
    return isinstance(error, OperationalError) and (
        "database is locked" in message or "database table is locked" in message
    )


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        response = render(request, "503.html", {"message": BUSY_MESSAGE}, status=503)
        response["Retry-After"] = "5"
        return response
