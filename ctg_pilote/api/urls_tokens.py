"""/compte/jetons/: a person's personal API tokens (pages, not API)."""

app_name = "api_tokens"
urlpatterns = []
