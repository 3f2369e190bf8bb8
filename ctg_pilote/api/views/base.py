"""The building block of every endpoint below /api/v1/ctg/{slug}/.

`ConventionScopedMixin` loads the CTG from the URL and asks the same permission functions as
the pages (`read_check` for GET/HEAD/OPTIONS, `write_check` otherwise), so a token can do
exactly what its owner can do in the UI; a refusal says the rule's own sentence. Writes on one
object then ask that object's rule through `require`, like `conventions.access.requires` does
for the pages. Querysets must start from `self.convention`, so an id belonging to another CTG
gives a 404, never another CTG's data.

Lists are served from the page cache (core/page_cache.py) while the CTG's revision is unchanged;
every successful write through the API bumps it, like a write through the pages.
"""

from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, permissions
from rest_framework.renderers import JSONRenderer

from ctg_pilote.conventions import access, perms
from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import page_cache, request_cache

SLUG_PARAMETER = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=str(_("Identifiant de la CTG, ex. rochefort-ocean.")),
)


class ConventionScopedMixin:
    read_check = staticmethod(perms.can_view)
    write_check = staticmethod(perms.can_edit)
    permission_classes = [permissions.IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.convention = self.get_convention()
        # The revision middleware bumps this CTG after a successful write.
        request._request.convention = self.convention
        check = self.read_check if request.method in permissions.SAFE_METHODS else self.write_check
        self.require(check, self.convention)

    def require(self, check, obj) -> None:
        """A 403 with the rule's own sentence unless `check(user, obj)` allows it."""
        access.require(check, self.request.user, obj)

    def get_convention(self) -> Convention:
        slug = self.kwargs.get("slug")
        try:
            if not request_cache.enabled():
                return get_object_or_404(Convention, slug=slug)
            # One query for the revisions of the CTG and of the token's owner (core/request_cache.py).
            user = self.request.user
            values = request_cache.preload(
                self.request._request,
                slug=slug,
                table=Convention._meta.db_table,
                user_id=user.pk,
            )
            if user.is_authenticated:
                request_cache.share_roles(user, values)
            return access.load_convention(self.request._request, slug)
        except Exception as error:
            raise exceptions.NotFound(
                _("Aucune CTG ne porte l'identifiant « %(slug)s ».") % {"slug": slug}
            ) from error

    def list(self, request, *args, **kwargs):
        if not page_cache.enabled():
            return super().list(request, *args, **kwargs)
        key = page_cache.key_for(
            request,
            f"api.{type(self).__name__}",
            request_cache.convention_revisions(request._request, self.convention.pk),
        )
        cache = caches[page_cache.CACHE_ALIAS]
        content = cache.get(key)
        if content is not None:
            # The JSON as first rendered: neither queries nor serialisation again.
            return HttpResponse(content, content_type="application/json")
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200:
            cache.set(key, JSONRenderer().render(response.data))
        return response

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["convention"] = getattr(self, "convention", None)
        return context
