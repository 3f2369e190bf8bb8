"""API v1 routes below /api/v1/ctg/{slug}/gouvernance/."""

from django.urls import path

from .views import governance

urlpatterns = [
    path("instances/", governance.InstanceList.as_view(), name="governance-instances"),
    path("instances/<int:id>/", governance.InstanceDetail.as_view(), name="governance-instance"),
    path("reunions/", governance.MeetingList.as_view(), name="governance-meetings"),
    path("reunions/<int:id>/", governance.MeetingDetail.as_view(), name="governance-meeting"),
    path("decisions/", governance.DecisionList.as_view(), name="governance-decisions"),
    path("decisions/<int:id>/", governance.DecisionDetail.as_view(), name="governance-decision"),
    path("partenaires/", governance.PartnerList.as_view(), name="governance-partners"),
    path("partenaires/<int:id>/", governance.PartnerDetail.as_view(), name="governance-partner"),
]
