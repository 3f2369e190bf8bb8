"""The reads of actions declared once on ActionQuerySet: late, stale ("sans suivi"), search."""

import datetime

import pytest
from django.utils import timezone

from ctg_pilote.plan.models import Action, Change, Note, stale_before
from tests.plan.factories import ActionFactory, NodeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def node(convention):
    return NodeFactory(convention=convention)


def _numbers(queryset) -> list[str]:
    return sorted(queryset.values_list("number", flat=True))


def test_late_means_end_passed_and_neither_done_nor_abandoned(convention, node):
    def action(number, **fields):
        ActionFactory(convention=convention, node=node, number=number, **fields)

    action("late", running=True, end_date=datetime.date(2026, 6, 14))
    action("ends-today", running=True, end_date=TODAY)
    action("done-on-time", done=True, end_date=datetime.date(2026, 1, 1))
    action("abandoned", status="abandonnee", end_date=datetime.date(2026, 1, 1))
    action("paused", status="en_pause", end_date=datetime.date(2026, 1, 1))
    action("no-end-date", running=True, start_date=None, end_date=None)

    # An unknown end date is not a passed one; the last day itself is still on time.
    assert _numbers(Action.objects.late(TODAY)) == ["late", "paused"]


def test_late_defaults_to_the_local_date(convention, node):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ActionFactory(convention=convention, node=node, number="late", end_date=yesterday)
    ActionFactory(convention=convention, node=node, number="on-time", end_date=timezone.localdate())

    assert _numbers(Action.objects.late()) == ["late"]


def test_stale_means_started_long_ago_with_no_recent_follow_up(convention, node):
    long_ago = datetime.date(2025, 1, 1)
    recent = datetime.date(2026, 6, 1)

    def action(number, **fields):
        fields.setdefault("start_date", long_ago)
        fields.setdefault("end_date", None)
        return ActionFactory(convention=convention, node=node, number=number, **fields)

    action("running-silent", running=True)
    action("due-to-start", status="a_lancer")
    action("starts-later", status="a_lancer", start_date=datetime.date(2026, 9, 1))
    action("just-started", running=True, start_date=recent)
    action("done", done=True)
    noted = action("noted", running=True)
    Note.objects.create(action=noted, date=recent, text="Point d'étape")
    changed = action("changed", running=True)
    Change.objects.create(
        action=changed,
        at=timezone.make_aware(datetime.datetime(2026, 6, 1, 10)),
        field="status",
        label="Statut",
    )
    old_note = action("old-note", running=True)
    Note.objects.create(action=old_note, date=datetime.date(2025, 2, 1), text="Ancienne note")

    assert _numbers(Action.objects.stale(TODAY)) == ["due-to-start", "old-note", "running-silent"]


def test_stale_limit_is_three_months_back_whatever_the_month():
    assert stale_before(datetime.date(2026, 6, 15)) == datetime.date(2026, 3, 15)
    assert stale_before(datetime.date(2026, 2, 10)) == datetime.date(2025, 11, 10)
    assert stale_before(datetime.date(2026, 5, 31)) == datetime.date(2026, 2, 28)


def test_late_or_stale_is_the_union(convention, node):
    ActionFactory(
        convention=convention,
        node=node,
        number="late",
        status="en_pause",  # late, but not "sans suivi": it is not running
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 1, 1),
    )
    ActionFactory(
        convention=convention,
        node=node,
        number="stale",
        running=True,
        start_date=datetime.date(2025, 1, 1),
        end_date=None,
    )
    ActionFactory(
        convention=convention,
        node=node,
        number="fine",
        running=True,
        start_date=datetime.date(2026, 6, 1),
        end_date=None,
    )

    assert _numbers(Action.objects.late_or_stale(TODAY)) == ["late", "stale"]


def test_search_reads_the_number_whole_and_every_text_field(convention, node):
    def action(number, **fields):
        ActionFactory(convention=convention, node=node, number=number, **fields)

    action("1.1", title="Relais petite enfance")
    action("1.10", title="Autre")
    action("2.1", title="Autre", constat="Peu de places d'ACCUEIL")
    action("2.2", title="Autre", objectives="Accueil des jeunes")
    action("2.3", title="Autre", description="Un accueil itinérant")
    action("2.4", title="Autre", publics="Familles en accueil d'urgence")
    action("2.5", title="Autre")

    assert _numbers(Action.objects.search("accueil")) == ["2.1", "2.2", "2.3", "2.4"]
    assert _numbers(Action.objects.search("1.1")) == ["1.1"]
    assert _numbers(Action.objects.search("PETITE")) == ["1.1"]
    assert len(Action.objects.search("  ")) == 7
