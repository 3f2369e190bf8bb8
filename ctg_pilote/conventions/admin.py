from django.contrib import admin

from .models import CafScope, Contact, Convention, Membership, Organisation, Thematique, Zone


class ZoneInline(admin.TabularInline):
    model = Zone
    extra = 0
    fields = ["name", "position", "reported_population", "reported_population_source"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    raw_id_fields = ["organisation"]


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "status", "start_year", "end_year", "caf_departement"]
    list_filter = ["status", "territory_kind"]
    search_fields = ["name", "slug", "epci__name", "epci__siren"]
    raw_id_fields = ["epci", "caf_departement", "vintage"]
    filter_horizontal = ["thematiques"]
    exclude = ["communes"]
    inlines = [ZoneInline, MembershipInline]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "convention", "quality", "siren"]
    list_filter = ["kind", "quality"]
    search_fields = ["name", "siren", "siret", "convention__name"]
    raw_id_fields = ["convention", "commune"]
    inlines = [ContactInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "convention", "role", "organisation"]
    list_filter = ["role"]
    search_fields = ["user__email", "convention__name"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["convention", "organisation"]


@admin.register(Thematique)
class ThematiqueAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "is_core", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"code": ["label"]}


@admin.register(CafScope)
class CafScopeAdmin(admin.ModelAdmin):
    """A CAF advisor's département (or EPCIs): the CAF role on each of its CTGs, new ones too."""

    list_display = ["user", "departement_code"]
    search_fields = ["user__email", "departement_code"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["epcis"]
