import logging
import os
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from .templatetags.ctg_tags import brand_css as brand_declarations

logger = logging.getLogger(__name__)


def home(request):
    """Signed in: one's CTGs. Anonymous: the public home (`public_home.html`, provided by the
    directory: published CTGs, the search of services, the accessibility statement)."""
    if request.user.is_authenticated:
        return redirect("conventions:mine")
    return render(request, "public_home.html")


# The address carries a hash of the colours ({% brand_style %}): a new colour is a new address.
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
@require_safe
def brand_css(request):
    """The brand colours as a stylesheet: the Content-Security-Policy allows no inline style."""
    return HttpResponse(brand_declarations(), content_type="text/css; charset=utf-8")


@never_cache
@require_safe
def health(request):
    """Whether this app server can reach the database and the cache, for load balancers and
    monitoring: 200 when both answer, 503 naming the part that failed. No authentication, and
    no error details (they go to the logs)."""
    checks = {"database": _check_database(), "cache": _check_cache()}
    healthy = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return {"status": "error", "message": _("La base de données ne répond pas.")}
    return {"status": "ok"}


def _check_cache() -> dict:
    # One key per process: several workers checking at once must not see each other's value.
    key = f"ctg-pilote:sante:{os.getpid()}"
    value = secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=60)
        answered = cache.get(key) == value
    except Exception:
        logger.exception("Health check: the cache does not answer.")
        answered = False
    if not answered:
        return {"status": "error", "message": _("Le cache ne répond pas.")}
    return {"status": "ok"}
