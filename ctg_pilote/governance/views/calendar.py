"""The calendar: the agenda page and the .ics feeds (per CTG, per person, per meeting)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ctg_pilote.conventions.access import convention_view

from .. import ical, perms, services
from ..access import token_view
from ..models import CalendarToken, Meeting
from .common import page


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _meeting_url(request, meeting):
    return request.build_absolute_uri(
        reverse("governance:meeting", args=[meeting.convention.slug, meeting.pk])
    )


@convention_view(perms.can_view_governance)
def agenda(request, convention):
    meetings = Meeting.objects.filter(convention=convention).select_related("instance")
    token = None
    if request.user.email:
        token = services.calendar_token(convention=convention, email=request.user.email)
    personal_url = (
        request.build_absolute_uri(
            reverse("governance:personal_feed", args=[convention.slug, token.token])
        )
        if token
        else ""
    )
    return page(
        request,
        convention,
        "governance/agenda.html",
        upcoming=meetings.upcoming().order_by("starts_at"),
        past=meetings.past().order_by("-starts_at")[:20],
        feed_url=request.build_absolute_uri(reverse("governance:feed", args=[convention.slug])),
        personal_url=personal_url,
    )


@convention_view(perms.can_view_governance)
def convention_feed(request, convention):
    meetings = Meeting.objects.filter(convention=convention).select_related(
        "instance", "convention"
    )
    content = ical.feed(
        convention.name, meetings.order_by("starts_at"), lambda m: _meeting_url(request, m)
    )
    return _ics_response(content, f"{convention.slug}.ics")


@token_view(
    lambda token: CalendarToken.objects.filter(token=token).first(),
    perms.calendar_token_is_valid,
)
def personal_feed(request, convention, token):
    """Read by calendar applications, which do not sign in: the private address is the key.
    A member of the CTG gets all its meetings; another person, the meetings they are invited to."""
    meetings = Meeting.objects.filter(convention=convention).select_related(
        "instance", "convention"
    )
    if not convention.memberships.filter(user__email__iexact=token.email).exists():
        meetings = meetings.for_email(token.email)
    content = ical.feed(
        convention.name, meetings.order_by("starts_at"), lambda m: _meeting_url(request, m)
    )
    return _ics_response(content, f"{convention.slug}-personnel.ics")


@convention_view(perms.can_view_governance)
def meeting_ics(request, convention, pk):
    meeting = get_object_or_404(Meeting, convention=convention, pk=pk)
    return _ics_response(
        ical.meeting_calendar(meeting, url=_meeting_url(request, meeting)), "reunion.ics"
    )
