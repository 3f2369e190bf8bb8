"""The plan as it stood at a date: bilans of past years do not move with today's changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ctg_pilote.pilotage.bilan import build_bilan
from ctg_pilote.plan import services
from ctg_pilote.plan.history import actions_as_of
from ctg_pilote.plan.models import Action, Change
from tests.conventions.factories import ConventionFactory, UserFactory
from tests.plan.factories import NodeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


@pytest.fixture
def ctg():
    return ConventionFactory(start_year=LAST_YEAR - 1, end_year=TODAY.year + 2)


def _create(convention, title, *, effective_on=None, budget=()):
    """An action entered through the one write route, as the page does."""
    node = NodeFactory(convention=convention)
    action = Action(convention=convention, node=node, title=title, status="en_cours", progress=40)
    services.update_action(
        action=action,
        by=UserFactory(),
        expected_version=None,
        effective_on=effective_on,
        rows={"budget_lines": list(budget)},
    )
    return action


def _mark_done(action, **kwargs):
    action.refresh_from_db()
    services.record_progress(
        action=action,
        by=UserFactory(),
        expected_version=action.version,
        status="realisee",
        progress=100,
        **kwargs,
    )


def test_an_action_done_today_does_not_change_last_years_bilan(ctg):
    action = _create(ctg, "Relais parents", effective_on=datetime.date(LAST_YEAR, 2, 1))
    before = build_bilan(ctg, year=LAST_YEAR)
    assert (before.actions_total, before.actions_done) == (1, 0)

    _mark_done(action)

    after = build_bilan(ctg, year=LAST_YEAR)
    assert (after.actions_total, after.actions_done) == (1, 0)
    (line,) = after.sections[0].actions
    assert line.action.get_status_display() == "En cours"
    assert line.action.progress == 40
    # This year's bilan sees it done.
    assert build_bilan(ctg, year=TODAY.year).actions_done == 1


def test_a_change_entered_late_with_an_earlier_effective_date_changes_that_bilan(ctg):
    action = _create(ctg, "Relais parents", effective_on=datetime.date(LAST_YEAR, 2, 1))
    _mark_done(action, effective_on=datetime.date(LAST_YEAR, 6, 15))

    bilan = build_bilan(ctg, year=LAST_YEAR)
    assert bilan.actions_done == 1
    (line,) = bilan.sections[0].actions
    assert line.action.get_status_display() == "Réalisée"
    # The year before, it was not done yet (and the history says when it was).
    assert build_bilan(ctg, year=LAST_YEAR - 1).actions_done == 0
    change = action.changes.get(field="status")
    assert change.effective_on == datetime.date(LAST_YEAR, 6, 15)
    assert (change.old_value, change.new_value) == ("en_cours", "realisee")


def test_an_action_created_today_is_not_in_an_earlier_bilan(ctg):
    _create(ctg, "Nouvelle action")
    assert build_bilan(ctg, year=LAST_YEAR).actions_total == 0
    assert build_bilan(ctg, year=TODAY.year).actions_total == 1


def test_the_budget_of_a_past_year_is_the_one_recorded_then(ctg):
    line = {"year": LAST_YEAR, "amount": 1000, "state": "prevu"}
    action = _create(ctg, "Ludothèque", effective_on=datetime.date(LAST_YEAR, 1, 10), budget=[line])
    action.refresh_from_db()
    services.update_action(
        action=action,
        by=UserFactory(),
        expected_version=action.version,
        rows={"budget_lines": [{**line, "amount": 1200, "state": "verse"}]},
    )
    assert build_bilan(ctg, year=LAST_YEAR).budget == [("prevu", 1000)]
    # The lines of that year as they stand today, in a bilan covering it made now.
    assert build_bilan(ctg, year=TODAY.year, kind="intermediaire").budget == [("verse", 1200)]


def test_history_rebuilds_every_tracked_field_with_a_fixed_number_of_queries(
    ctg, django_assert_num_queries
):
    first = _create(ctg, "Première", effective_on=datetime.date(LAST_YEAR, 1, 5))
    _create(ctg, "Seconde", effective_on=datetime.date(LAST_YEAR, 3, 5))
    first.refresh_from_db()
    first.end_date = datetime.date(TODAY.year + 1, 6, 30)
    services.update_action(
        action=first,
        by=None,
        expected_version=first.version,
        effective_on=datetime.date(LAST_YEAR, 9, 1),
    )
    with django_assert_num_queries(3):
        states = actions_as_of(ctg, datetime.date(LAST_YEAR, 2, 1))
    assert [s.end_date for s in states.values()] == [None]
    later = actions_as_of(ctg, datetime.date(LAST_YEAR, 12, 31))
    assert later[first.pk].end_date == datetime.date(TODAY.year + 1, 6, 30)
    assert len(later) == 2


def test_an_effective_date_in_the_future_or_long_before_the_ctg_is_refused(ctg):
    action = _create(ctg, "Relais parents")
    for day in (TODAY + datetime.timedelta(days=1), datetime.date(ctg.start_year - 2, 12, 31)):
        action.refresh_from_db()
        with pytest.raises(ValidationError, match="Date d'effet"):
            _mark_done(action, effective_on=day)
    assert not action.changes.filter(field="status").exists()


def test_old_changes_without_raw_values_leave_the_current_value(ctg):
    action = _create(ctg, "Ancienne", effective_on=datetime.date(LAST_YEAR, 1, 5))
    Change.objects.filter(action=action).delete()
    Change.objects.create(
        action=action, field="status", label="Statut", old="À lancer", new="En cours"
    )
    (state,) = actions_as_of(ctg, datetime.date(LAST_YEAR, 6, 1)).values()
    assert state.status == "en_cours"


def test_raw_values_a_document_got_wrong_are_left_out_not_guessed(ctg):
    action = _create(ctg, "Importée", effective_on=datetime.date(LAST_YEAR, 1, 5))
    day = datetime.date(LAST_YEAR, 3, 1)
    odd = [
        ("status", "inconnu", {"x": 1}),
        ("progress", "beaucoup", 400),
        ("start_date", 12, "hier"),
        ("budget", [{"annee": LAST_YEAR, "montant": "NaN"}], [{"annee": LAST_YEAR, "etat": "x"}]),
    ]
    for field, old, new in odd:
        Change.objects.create(
            action=action, field=field, label=field, old_value=old, new_value=new, effective_on=day
        )
    (state,) = actions_as_of(ctg, day).values()
    assert (state.status, state.progress, state.start_date, state.budget) == ("", None, None, [])
    assert build_bilan(ctg, year=LAST_YEAR).budget == []


def test_an_imported_action_is_not_followed_up_by_its_import(ctg):
    action = Action(
        convention=ctg,
        node=NodeFactory(convention=ctg),
        title="Importée en cours",
        status="en_cours",
        start_date=datetime.date(LAST_YEAR, 1, 1),
    )
    services.update_action(
        action=action,
        by=None,
        expected_version=None,
        origin="Import du classeur « plan.xlsx »",
        undated_creation=True,
    )
    assert list(Action.objects.filter(convention=ctg).stale()) == [action]
