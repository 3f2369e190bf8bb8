"""The admin of objects the pages write: platform administrators read them (searching, filtering,
following links) and may delete one, but edits go through the pages and their services, which
keep the history and the version check."""

from django.contrib import admin


class ReadMostlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def register_read_mostly(*models, list_display=None):
    """Register each model with a read-mostly admin listing `list_display` (or its __str__)."""
    for model in models:
        fields = list_display or ["__str__"]
        if (
            "convention" in {f.name for f in model._meta.get_fields()}
            and "convention" not in fields
        ):
            fields = [*fields, "convention"]
        options = {"list_display": fields}
        if "convention" in fields:
            options["list_select_related"] = ["convention"]
            options["list_filter"] = [("convention", admin.RelatedOnlyFieldListFilter)]
        admin.site.register(model, type(f"{model.__name__}Admin", (ReadMostlyAdmin,), options))
