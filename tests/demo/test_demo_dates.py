"""The demo stays plausible: its fictitious follow-up is placed around one fixed reference date
(15 November 2026, said in each file that holds some), so meetings, decisions, indicator values
and bilans never contradict each other, whatever day the demo is loaded."""

import datetime
import re

import pytest
from django.utils import timezone

from ctg_pilote.demo.services import DATA_DIR, adopt_demo_bilans, load_demo_conventions
from ctg_pilote.governance.models import Decision, Meeting
from ctg_pilote.pilotage.models import AdoptedBilan, Bilan
from ctg_pilote.plan.models import IndicatorValue

REFERENCE = datetime.date(2026, 11, 15)
REFERENCE_TEXT = "date de référence : 15 novembre 2026"


def _reference_moment():
    return timezone.make_aware(datetime.datetime.combine(REFERENCE, datetime.time(0, 0)))


def test_every_file_with_fictitious_follow_up_states_the_reference_date():
    for path in sorted(DATA_DIR.glob("*/*.yaml")):
        if path.stem not in ("gouvernance", "plan", "pilotage"):
            continue
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("fictif: true", "suivi_fictif: true")):
            header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
            assert REFERENCE_TEXT in header, f"{path.parent.name}/{path.name}"


@pytest.mark.django_db
def test_the_loaded_demo_never_contradicts_its_reference_date():
    """One load (it takes a while), four checks."""
    load_demo_conventions()
    _no_fictitious_meeting_before_the_reference_date_is_left_planned()
    _decisions_are_due_within_a_year_of_their_meeting_and_done_after_it()
    _no_indicator_value_nor_bilan_after_the_reference_year()
    _a_held_comite_on_a_yearly_bilan_has_adopted_it()


def _a_held_comite_on_a_yearly_bilan_has_adopted_it():
    """A comité « bilan annuel 2025 » that was held adopted that bilan: the CTG's home does
    not say it is missing, and loading the demo again adopts nothing more."""
    held = Meeting.objects.filter(status="tenue", title__icontains="bilan annuel")
    assert held.exists()
    for meeting in held:
        year = int(re.search(r"bilan annuel (\d{4})", meeting.title).group(1))
        adopted = AdoptedBilan.objects.filter(
            convention=meeting.convention, kind="annuel", year=year, meeting=meeting
        )
        assert adopted.count() == 1, f"{meeting.convention.slug}: {meeting}"
        assert adopted.get().pdf[:5] == b"%PDF-"
        assert not adopt_demo_bilans(DATA_DIR / meeting.convention.slug, meeting.convention)


def _no_fictitious_meeting_before_the_reference_date_is_left_planned():
    left = Meeting.objects.filter(
        is_fictitious=True, starts_at__lt=_reference_moment(), status__in=["prevue", "reportee"]
    )
    assert not [f"{m.convention.slug}: {m}" for m in left]
    held_later = Meeting.objects.filter(starts_at__gte=_reference_moment(), status="tenue")
    assert not [f"{m.convention.slug}: {m}" for m in held_later]


def _decisions_are_due_within_a_year_of_their_meeting_and_done_after_it():
    wrong = []
    for d in Decision.objects.select_related("meeting", "convention"):
        taken = timezone.localdate(d.meeting.starts_at)
        if d.due_on and d.due_on > taken + datetime.timedelta(days=366):
            wrong.append(f"{d.convention.slug}: « {d} » due {d.due_on}, decided {taken}")
        if d.done_on and not taken <= d.done_on <= REFERENCE:
            wrong.append(f"{d.convention.slug}: « {d} » done {d.done_on}, decided {taken}")
    assert not wrong


def _no_indicator_value_nor_bilan_after_the_reference_year():
    values = IndicatorValue.objects.filter(year__gt=REFERENCE.year)
    assert not [f"{v.indicator.convention.slug}: {v.indicator} {v}" for v in values]
    bilans = Bilan.objects.filter(year__gte=REFERENCE.year)  # 2026 is not over yet
    assert not [f"{b.convention.slug}: {b}" for b in bilans]
