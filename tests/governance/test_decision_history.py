"""Each change of a decision's follow-up enters its history with its date, author and origin
(page, API, import naming the file), shown on the decision."""

import pytest
from django.urls import reverse

from ctg_pilote.exchange.export import export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.governance.models import Decision
from tests.exchange.roundtrip import rochefort_ctg
from tests.governance.factories import DecisionFactory, MeetingFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_following_a_decision_on_its_page_enters_its_history(member_client, copil):
    meeting = MeetingFactory(instance=copil, status="tenue")
    decision = DecisionFactory(meeting=meeting, text="Lancer l'étude jeunesse")
    client, membership = member_client(copil.convention)
    client.post(
        reverse("governance:decision_follow", args=[copil.convention.slug, decision.pk]),
        {"status": "faite", "done_on": "2025-06-15", "version": decision.version},
    )
    page = page_text(
        client.get(reverse("governance:meeting", args=[copil.convention.slug, meeting.pk]))
    )
    assert "Historique du suivi" in page
    assert "faite le 15/06/2025" in page
    assert f"{membership.user} (page)" in " ".join(page.split())
    change = decision.changes.get()
    assert change.effective_on.isoformat() == "2025-06-15"  # done then, entered today


def test_an_import_from_a_named_file_enters_the_history_naming_it():
    convention = rochefort_ctg(slug="ctg-historique")
    meeting = MeetingFactory(instance__convention=convention, status="tenue")
    DecisionFactory(meeting=meeting, text="Réunir les parents", status="en_cours")
    document = export_convention(convention)
    import_document(document, source_name="suivi-copil.yaml")
    decision = Decision.objects.get(convention__slug="ctg-historique")
    change = decision.changes.get()
    assert (change.origin, change.source, change.status) == (
        "import",
        "suivi-copil.yaml",
        "en_cours",
    )
    # The history goes out with the decision; imported again, nothing new is entered.
    document = export_convention(convention)
    import_document(document, source_name="suivi-copil.yaml")
    assert Decision.objects.get(convention__slug="ctg-historique").changes.count() == 1


def test_a_decision_done_today_does_not_change_an_earlier_year_but_a_late_entry_does(copil):
    import datetime

    from ctg_pilote.governance import services
    from ctg_pilote.governance.queries import decisions_as_of

    meeting = MeetingFactory(instance=copil, held=True)  # 28 January 2025
    first = services.record_decision(
        meeting=meeting,
        text="Réunir les parents",
        owner_organisation=copil.members.first().organisation,
    )
    second = services.record_decision(
        meeting=meeting,
        text="Lancer l'étude",
        owner_organisation=copil.members.first().organisation,
    )
    end_2025 = datetime.date(2025, 12, 31)
    services.follow_decision(decision=first, expected_version=None, status="faite")
    services.follow_decision(
        decision=second, expected_version=None, status="faite", done_on=datetime.date(2025, 6, 15)
    )
    states = {s.decision.text: s for s in decisions_as_of(copil.convention, end_2025)}
    assert states["Réunir les parents"].status_label == "À faire"
    assert states["Lancer l'étude"].status_label == "Faite"
    assert states["Lancer l'étude"].done_on == datetime.date(2025, 6, 15)
    assert decisions_as_of(copil.convention, datetime.date(2024, 12, 31)) == []
