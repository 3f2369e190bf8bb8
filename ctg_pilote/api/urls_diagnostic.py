"""API v1 routes below /api/v1/ctg/{slug}/diagnostic/."""

urlpatterns = []
