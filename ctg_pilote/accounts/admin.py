from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminLoginForm
from .models import User

admin.site.login_form = AdminLoginForm
# Branded like the site: the platform's name, and « Voir le site » back to its home.
admin.site.site_header = _("%(name)s — administration de la plateforme") % {
    "name": settings.CTG_BRAND["name"]
}
admin.site.site_title = settings.CTG_BRAND["name"]
admin.site.index_title = _("Administration de la plateforme")
admin.site.site_url = "/"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
