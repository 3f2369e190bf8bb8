"""/compte/jetons/: a person's personal API tokens (pages, not API)."""

from django.urls import path

from . import views_tokens

app_name = "api_tokens"
urlpatterns = [
    path("", views_tokens.token_list, name="list"),
    path("<int:pk>/revoquer/", views_tokens.token_revoke, name="revoke"),
]
