from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiToken
from .services import revoke_token


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "hint",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "expires_at"]
    search_fields = ["name", "user__email", "hint"]
    readonly_fields = ["user", "key_digest", "hint", "created_at", "last_used_at", "revoked_at"]
    fields = [
        "user",
        "name",
        "hint",
        "key_digest",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        # A secret is shown once to its owner: tokens are created on /compte/jetons/.
        return False

    @admin.action(description=_("Révoquer les jetons choisis"))
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            revoke_token(token=token)
        self.message_user(
            request,
            ngettext("%(n)d jeton révoqué.", "%(n)d jetons révoqués.", len(tokens))
            % {"n": len(tokens)},
            messages.SUCCESS,
        )
