"""Read-only admin: the territorial reference data comes from `ctg load_territories` only."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Commune, Departement, Epci, Region, Vintage


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search; changes go through the loader so every row keeps its source."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Vintage)
class VintageAdmin(ReadOnlyAdmin):
    list_display = ["year", "source", "source_version", "licence", "loaded_at"]
    readonly_fields = ["citation"]

    @admin.display(description=_("citation"))
    def citation(self, obj):
        return obj.citation


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "zone", "vintage"]
    list_filter = ["vintage", "zone"]
    search_fields = ["code", "name"]


@admin.register(Departement)
class DepartementAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "region", "zone", "vintage"]
    list_filter = ["vintage", "zone", "region__name"]
    list_select_related = ["region", "vintage"]
    search_fields = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(ReadOnlyAdmin):
    list_display = ["name", "siren", "kind", "departement", "population", "member_count", "vintage"]
    list_filter = ["vintage", "kind", "financing"]
    list_select_related = ["departement", "vintage"]
    search_fields = ["siren", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("communes"))

    @admin.display(description=_("communes"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "departement", "epci", "population", "vintage"]
    list_filter = ["vintage", "departement__zone", "departement"]
    list_select_related = ["departement", "epci", "vintage"]
    search_fields = ["code", "name", "siren", "epci__name", "epci__siren"]
    exclude = ["postcodes"]
    readonly_fields = ["postcode_list", "contour_summary"]

    @admin.display(description=_("codes postaux"))
    def postcode_list(self, obj):
        return ", ".join(obj.postcodes)

    @admin.display(description=_("contour"))
    def contour_summary(self, obj):
        contour = getattr(obj, "contour", None) if obj.pk else None
        if contour is None:
            return _("aucun")
        geometry = contour.geometry
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        points = sum(len(ring) for polygon in polygons for ring in polygon)
        return _("%(kind)s, %(points)s points") % {"kind": geometry["type"], "points": points}
