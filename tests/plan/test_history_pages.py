"""The history as people see it: late changes with their date, imports naming their file, the
dashboard as it stood at the end of a past year."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.export import dump_yaml
from ctg_pilote.plan import services
from ctg_pilote.plan.models import Action
from tests.conventions.factories import ConventionFactory
from tests.plan.factories import NodeFactory
from tests.plan.test_exchange import rich_plan_document
from tests.utils import page_text as page_html

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


def page_text(response) -> str:
    """The page's text as read: no tags, entities decoded, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_html(response)).split())


@pytest.fixture
def import_file(tmp_path):
    """`ctg import_ctg` on a file `ctg.yaml`, as an operator does."""

    def run(document):
        path = tmp_path / "ctg.yaml"
        path.write_text(dump_yaml(document), encoding="utf-8")
        call_command("import_ctg", str(path))

    return run


@pytest.fixture
def ctg():
    return ConventionFactory(start_year=LAST_YEAR - 1, end_year=TODAY.year + 2)


def _action(convention, by, title="Relais parents"):
    action = Action(
        convention=convention,
        node=NodeFactory(convention=convention, title="Parentalité"),
        title=title,
        status="en_cours",
        progress=40,
    )
    services.update_action(
        action=action,
        by=by,
        expected_version=None,
        effective_on=datetime.date(LAST_YEAR, 1, 15),
    )
    return action


def _quick_update(client, action, **data):
    return client.post(
        reverse("plan:quick_update", args=[action.convention.slug, action.pk]),
        {"version": action.version, "status": "realisee", "progress": 100, **data},
    )


def test_a_status_entered_late_carries_its_date_on_the_page_and_in_last_years_bilan(
    member_client, ctg
):
    client, membership = member_client(ctg)
    membership.user.first_name, membership.user.last_name = "Marie", "Dupont"
    membership.user.save()
    action = _action(ctg, membership.user)
    action.refresh_from_db()

    response = _quick_update(client, action, effective_on=f"{LAST_YEAR}-06-15")
    assert response.status_code == 302

    text = page_text(client.get(reverse("plan:action", args=[ctg.slug, action.pk])))
    assert (
        f"Statut « En cours » → « Réalisée » — effet le 15/06/{LAST_YEAR}, "
        f"saisi le {TODAY:%d/%m/%Y} par Marie Dupont"
    ) in text
    assert f"Création de l'action — effet le 15/01/{LAST_YEAR}" in text
    bilan = page_text(client.get(f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{LAST_YEAR}/"))
    assert "Relais parents (sans n°) — Réalisée (100 %)" in bilan


def test_a_date_in_the_future_is_refused_with_a_french_message_and_nothing_saved(
    member_client, ctg
):
    client, membership = member_client(ctg)
    action = _action(ctg, membership.user)
    action.refresh_from_db()
    tomorrow = TODAY + datetime.timedelta(days=1)

    response = _quick_update(client, action, effective_on=tomorrow.isoformat())

    assert response.status_code == 200
    assert "Date d'effet : une date future n'est pas acceptée." in page_text(response)
    action.refresh_from_db()
    assert action.status == "en_cours"


def test_marked_done_today_it_stays_en_cours_in_last_years_bilan(member_client, ctg):
    client, membership = member_client(ctg)
    action = _action(ctg, membership.user)
    action.refresh_from_db()
    assert _quick_update(client, action).status_code == 302

    bilan = page_text(client.get(f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{LAST_YEAR}/"))
    assert "Relais parents (sans n°) — En cours (40 %)" in bilan


def test_the_dashboard_at_the_end_of_a_past_year_is_rebuilt_from_the_history(member_client, ctg):
    client, membership = member_client(ctg)
    done_late = _action(ctg, membership.user, "Ludothèque")
    done_today = _action(ctg, membership.user, "Relais parents")
    done_late.refresh_from_db()
    done_today.refresh_from_db()
    _quick_update(client, done_late, effective_on=f"{LAST_YEAR}-06-15")
    _quick_update(client, done_today)

    url = reverse("pilotage:dashboard", args=[ctg.slug])
    today = page_text(client.get(url))
    assert "100 % réalisées (2)" in today
    assert f"au 31/12/{LAST_YEAR}" in today  # the year selector

    past = page_text(client.get(url, {"au": LAST_YEAR}))
    assert f"Situation au 31/12/{LAST_YEAR}, reconstituée à partir de l'historique" in past
    assert "50 % réalisées (1)" in past
    assert client.get(url, {"au": TODAY.year + 1}).status_code == 404


def test_a_workbook_import_leaves_history_naming_the_file(member_client, import_file):
    import_file(rich_plan_document())
    rich = Convention.objects.get(slug="rochefort-ocean")
    client, _membership = member_client(rich)
    workbook = client.get(reverse("plan:export_xlsx", args=[rich.slug])).content
    Action.objects.filter(convention=rich).delete()

    response = client.post(
        reverse("plan:import", args=[rich.slug]),
        {"file": SimpleUploadedFile("plan.xlsx", workbook)},
    )

    assert response.status_code == 302
    action = Action.objects.filter(convention=rich).first()
    text = page_text(client.get(reverse("plan:action", args=[rich.slug, action.pk])))
    assert "Création de l'action" in text
    assert "(Import du classeur « plan.xlsx »)" in text
    assert "Aucune modification enregistrée" not in text


def test_an_exchange_file_imported_leaves_history_naming_it(member_client, import_file):
    document = rich_plan_document()
    for action in document["plan"]["actions"]:
        action.pop("historique", None)
    import_file(document)
    rich = Convention.objects.get(slug="rochefort-ocean")
    client, _membership = member_client(rich)
    action = Action.objects.filter(convention=rich).first()
    text = page_text(client.get(reverse("plan:action", args=[rich.slug, action.pk])))
    assert "Création de l'action" in text
    assert "(Import de l'échange « ctg.yaml »)" in text
