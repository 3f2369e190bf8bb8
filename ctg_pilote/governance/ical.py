"""iCalendar (.ics) documents: one meeting (invitation e-mails) or a feed of meetings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Meeting, MeetingStatus

if TYPE_CHECKING:  # icalendar is imported when a calendar is written: slow to load
    from icalendar import Calendar, Event

PRODID = "-//ctg-pilote//Gouvernance//FR"
DEFAULT_DURATION = datetime.timedelta(hours=2)


def _calendar(name: str, method: str | None = None) -> Calendar:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    return cal


def meeting_event(meeting: Meeting, url: str = "") -> Event:
    from icalendar import Event, vText

    event = Event()
    event.add("uid", f"{meeting.uid}@ctg-pilote")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + DEFAULT_DURATION)
    event.add("summary", f"{meeting.title} — {meeting.instance.name}")
    location = meeting.place or meeting.video_url
    if location:
        event.add("location", vText(location))
    description = [meeting.convention.name]
    if meeting.agenda:
        description += ["", _("Ordre du jour :"), meeting.agenda]
    if meeting.video_url:
        description += ["", _("Visioconférence : %(url)s") % {"url": meeting.video_url}]
    event.add("description", "\n".join(description))
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    # Grows at every save: a calendar moves a postponed meeting instead of keeping the old date.
    event.add("sequence", meeting.version)
    return event


def meeting_calendar(meeting: Meeting, url: str = "", method: str = "PUBLISH") -> bytes:
    cal = _calendar(meeting.convention.name, method=method)
    cal.add_component(meeting_event(meeting, url))
    return cal.to_ical()


def feed(name: str, meetings: Iterable[Meeting], url_for=lambda m: "") -> bytes:
    cal = _calendar(name, method="PUBLISH")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, url_for(meeting)))
    return cal.to_ical()
