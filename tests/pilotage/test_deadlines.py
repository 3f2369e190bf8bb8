"""Deadline warnings: a convention ending within a year, a yearly bilan not adopted by the end
of March. Computed for a given day, shown on the CTG home and the departmental view."""

import datetime

import pytest
from django.utils import timezone

from ctg_pilote.pilotage.adoption import deadline_warnings
from ctg_pilote.pilotage.models import AdoptedBilan
from tests.conventions.factories import ConventionFactory

pytestmark = pytest.mark.django_db


def _texts(convention, day):
    return [w.text for w in deadline_warnings(convention, today=day)]


def _adopt(convention, year, kind="annuel"):
    AdoptedBilan.objects.create(
        convention=convention,
        kind=kind,
        year=year,
        presented_on=datetime.date(year + 1, 2, 1),
        adopted_at=timezone.now(),
        data={},
        docx=b"",
        pdf=b"",
        xlsx=b"",
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 8, 31), ["La convention se termine le 31/12/2026 (dans 4 mois)."]),
        (datetime.date(2026, 1, 1), ["La convention se termine le 31/12/2026 (dans 11 mois)."]),
        (
            datetime.date(2026, 12, 2),
            ["La convention se termine le 31/12/2026 (dans moins d'un mois)."],
        ),
        (datetime.date(2025, 12, 31), []),
        (datetime.date(2027, 1, 1), ["La convention est terminée depuis le 31/12/2026."]),
    ],
)
def test_convention_end(day, expected):
    convention = ConventionFactory(start_year=2022, end_year=2026)
    for year in range(2022, 2027):
        _adopt(convention, year)
    assert _texts(convention, day) == expected


def test_yearly_bilan_of_last_year_is_due_after_march():
    convention = ConventionFactory(start_year=2024, end_year=2028, status="en_cours")
    missing = (
        "Le bilan annuel 2025 n'est pas enregistré comme adopté (attendu avant le 31/03/2026)."
    )
    assert _texts(convention, datetime.date(2026, 3, 31)) == []
    assert _texts(convention, datetime.date(2026, 4, 1)) == [missing]
    _adopt(convention, 2025, kind="intermediaire")
    assert _texts(convention, datetime.date(2026, 4, 1)) == [missing]
    _adopt(convention, 2025)
    assert _texts(convention, datetime.date(2026, 4, 1)) == []


def test_no_bilan_is_due_from_a_convention_not_signed_yet():
    preparing = ConventionFactory(start_year=2024, end_year=2028)
    assert preparing.shown_status(datetime.date(2026, 4, 1)) == "en_preparation"
    assert _texts(preparing, datetime.date(2026, 4, 1)) == []


def test_no_bilan_is_due_for_a_year_outside_the_period():
    convention = ConventionFactory(start_year=2026, end_year=2030)
    assert _texts(convention, datetime.date(2026, 6, 1)) == []
    ended = ConventionFactory(start_year=2018, end_year=2022)
    assert _texts(ended, datetime.date(2026, 6, 1)) == [
        "La convention est terminée depuis le 31/12/2022."
    ]


def test_ctg_home_and_departmental_view_show_the_warnings(member_client):
    today = timezone.localdate()
    convention = ConventionFactory(
        start_year=today.year - 3, end_year=today.year, status="en_cours"
    )
    client, _ = member_client(convention, "caf")
    expected = f"La convention se termine le 31/12/{today.year}"
    home = client.get(f"/ctg/{convention.slug}/").content.decode()
    assert expected in home
    code = convention.caf_departement.code
    departement = client.get(f"/departements/{code}/").content.decode()
    assert expected in departement and convention.name in departement
    if today > datetime.date(today.year, 3, 31):
        missing = f"Le bilan annuel {today.year - 1} n&#x27;est pas enregistré comme adopté"
        assert missing in home and missing in departement
        _adopt(convention, today.year - 1)
        assert missing not in client.get(f"/ctg/{convention.slug}/").content.decode()


def test_no_warning_on_the_home_of_a_ctg_far_from_its_end(member_client):
    today = timezone.localdate()
    convention = ConventionFactory(start_year=today.year, end_year=today.year + 3)
    client, _ = member_client(convention, "lecteur")
    assert 'id="deadlines"' not in client.get(f"/ctg/{convention.slug}/").content.decode()
