"""Unknown is a value: an action whose source says neither status nor progress is "non
renseigné", never "à lancer, 0 %", and never "en retard" for that reason alone."""

import datetime

import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.export import export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.plan import spreadsheet
from ctg_pilote.plan.models import Action
from tests.conventions.factories import MembershipFactory
from tests.plan.factories import ActionFactory
from tests.plan.test_exchange import rich_plan_document
from tests.plan.test_views import page_text

pytestmark = pytest.mark.django_db


def _silent_plan_document():
    document = rich_plan_document()
    document["plan"]["actions"][1] = {"numero": "A2", "noeud": "2", "titre": "Action muette"}
    document["plan"]["actions"].append(
        {
            "numero": "A3",
            "noeud": "2",
            "titre": "Pas commencée",
            "statut": "a_lancer",
            "avancement": 0,
        }
    )
    return document


def test_a_silent_document_gives_unknown_status_and_progress_and_exports_nothing():
    import_document(_silent_plan_document())
    silent = Action.objects.get(number="A2")
    assert (silent.status, silent.progress) == ("", None)
    convention = Convention.objects.get(slug="rochefort-ocean")
    actions = export_convention(convention)["plan"]["actions"]
    assert actions[1] == {"numero": "A2", "noeud": "2", "titre": "Action muette"}
    # An explicit 0 % is a fact of the source: it is kept and written back.
    assert actions[2]["statut"] == "a_lancer" and actions[2]["avancement"] == 0


def test_pages_say_non_renseigne_not_a_lancer_zero(client):
    import_document(_silent_plan_document())
    convention = Convention.objects.get(slug="rochefort-ocean")
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    silent = Action.objects.get(number="A2")
    text = page_text(client.get(reverse("plan:action", args=[convention.slug, silent.pk])))
    assert "Non renseigné avancement non renseigné" in text
    assert "À lancer" not in text and "0 %" not in text
    url = reverse("plan:index", args=[convention.slug])
    text = page_text(client.get(url, {"status": "non_renseigne"}))
    assert "1 action affichée sur 3." in text and "Action muette" in text
    assert "Pas commencée" not in text
    text = page_text(client.get(url, {"status": "a_lancer"}))
    assert "Pas commencée" in text and "Action muette" not in text


def test_an_unknown_status_is_never_late_nor_stale(convention):
    past = {"start_date": datetime.date(2018, 1, 1), "end_date": datetime.date(2019, 12, 31)}
    unknown = ActionFactory(convention=convention, status="", progress=None, **past)
    pending = ActionFactory(convention=convention, status="en_cours", progress=10, **past)
    done = ActionFactory(convention=convention, status="realisee", progress=100, **past)
    today = datetime.date(2026, 1, 1)
    actions = Action.objects.filter(convention=convention)
    assert list(actions.late(today)) == [pending]
    assert unknown not in actions.stale(today) and done not in actions.late(today)


def test_the_dashboard_counts_unknown_as_its_own_status(client, convention):
    ActionFactory(convention=convention, status="", progress=None, title="Muette")
    ActionFactory(convention=convention, status="realisee", progress=100, title="Faite")
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    text = page_text(client.get(reverse("pilotage:dashboard", args=[convention.slug])))
    assert "Non renseigné 1" in text
    text = page_text(
        client.get(reverse("pilotage:actions", args=[convention.slug]), {"status": "non_renseigne"})
    )
    assert "Muette" in text and "Faite" not in text and "non renseigné" in text


def sheet(spec, *rows: dict) -> list[list]:
    """A sheet with every column of `spec`, the given cells filled."""
    columns = list(spec[1])
    return [columns, *([row.get(c, "") for c in columns] for row in rows)]


def test_a_workbook_row_without_status_nor_progress_is_unknown(convention):
    tables = {
        spreadsheet.TREE[0]: sheet(spreadsheet.TREE, {"Numéro": "1", "Titre": "Axe"}),
        spreadsheet.ACTIONS[0]: sheet(
            spreadsheet.ACTIONS,
            {"Numéro": "1", "Élément du plan": "1", "Intitulé": "Sans suivi connu"},
            {
                "Numéro": "2",
                "Élément du plan": "1",
                "Intitulé": "Commencée",
                "Statut": "En cours",
                "Avancement (%)": "0",
            },
        ),
    }
    spreadsheet.import_tables(convention, tables)
    first, second = Action.objects.filter(convention=convention).order_by("number")
    assert (first.status, first.progress) == ("", None)
    assert (second.status, second.progress) == ("en_cours", 0)


def test_the_api_filters_unknown_status_and_says_null_progress(client):
    from ctg_pilote.api.services import create_token

    import_document(_silent_plan_document())
    convention = Convention.objects.get(slug="rochefort-ocean")
    user = MembershipFactory(convention=convention, role="coordinateur").user
    key = create_token(user=user, name="Test")[1]
    response = client.get(
        f"/api/v1/ctg/{convention.slug}/plan/actions/",
        {"statut": "non_renseigne"},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200, response.json()
    (silent,) = response.json()["resultats"]
    assert silent["numero"] == "A2" and silent["avancement"] is None
