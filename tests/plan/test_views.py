import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ctg_pilote.conventions.models import Thematique
from ctg_pilote.plan import services
from ctg_pilote.plan.models import Action, ActionDocument, Change, IndicatorValue, Node
from tests.conventions.factories import MembershipFactory
from tests.plan.factories import (
    ActionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NodeFactory,
    no_formset_rows,
)
from tests.utils import page_text as raw_page_text


def page_text(response) -> str:
    """The page's text as read: tags removed, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", raw_page_text(response)).split())


pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, convention):
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    return client


def test_plan_page_shows_the_tree_with_counts_per_node(coordinator, convention, plan):
    text = page_text(coordinator.get(reverse("plan:index", args=[convention.slug])))
    assert "1. Réseaux" in text and "2. Mobilité" in text
    assert "2 actions · 50 % réalisées" in text
    assert "Transport à domicile" in text
    assert "3 actions affichées sur 3." in text


def test_plan_table_filters_and_searches(coordinator, convention, plan):
    url = reverse("plan:index", args=[convention.slug])
    text = page_text(coordinator.get(url, {"status": "en_cours"}))
    assert "Réseau jeunesse" in text and "Transport à domicile" not in text
    assert "1 action affichée sur 3." in text
    text = page_text(coordinator.get(url, {"q": "transport"}))
    assert "Transport à domicile" in text and "Réseau jeunesse" not in text
    Action.objects.filter(pk=plan["actions"][1].pk).update(publics="Parents isolés")
    text = page_text(coordinator.get(url, {"q": "isolés"}))
    assert "Réseau jeunesse" in text and "Transport à domicile" not in text
    text = page_text(coordinator.get(url, {"pilot": plan["pilot_org"].pk}))
    assert "Transport à domicile" in text and "Réseau petite enfance" not in text
    text = page_text(coordinator.get(url, {"year": 2027}))
    assert "Aucune action ne correspond." in text
    commune = convention.communes.first()
    local = ActionFactory(
        convention=convention,
        node=plan["nodes"][0],
        title="Action très locale",
        whole_territory=False,
    )
    local.communes.add(commune)
    other = convention.communes.exclude(pk=commune.pk).first()
    assert "Action très locale" in page_text(coordinator.get(url, {"place": f"c{commune.pk}"}))
    assert "Action très locale" not in page_text(coordinator.get(url, {"place": f"c{other.pk}"}))


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_plan_page_queries_do_not_grow_with_the_number_of_actions(coordinator, convention):
    node = NodeFactory(convention=convention, number="1", sort_key="001")
    url = reverse("plan:index", args=[convention.slug])
    ActionFactory.create_batch(5, convention=convention, node=node)
    IndicatorFactory(action=None, node=node, convention=convention)
    few = _queries(coordinator, url)
    for action in ActionFactory.create_batch(45, convention=convention, node=node):
        IndicatorValueFactory(indicator=IndicatorFactory(action=action))
        IndicatorValueFactory(
            indicator=IndicatorFactory(action=None, node=node, convention=convention)
        ).indicator.targets.create(year=convention.start_year, value=1)
    many = _queries(coordinator, url)
    assert many == few
    assert "50 actions affichées sur 50." in page_text(coordinator.get(url))


def test_plan_page_shows_each_element_indicator_with_its_target_and_last_value(
    coordinator, convention
):
    node = NodeFactory(convention=convention, number="1", sort_key="001")
    year = min(max(datetime.date.today().year, convention.start_year), convention.end_year)
    measured = IndicatorFactory(action=None, node=node, convention=convention, name="Accueils")
    measured.targets.create(year=year, value=12.5)
    measured.targets.create(year=year - 1 if year > convention.start_year else year + 1, value=3)
    IndicatorValueFactory(indicator=measured, year=convention.start_year, value=7)
    IndicatorValueFactory(
        indicator=measured, year=convention.start_year + 1, value=40, is_fictitious=True
    )
    IndicatorFactory(action=None, node=node, convention=convention, name="Sans valeur")
    text = page_text(coordinator.get(reverse("plan:index", args=[convention.slug])))
    assert (
        f"Indicateur : Accueils · cible {year} : 12,50 · mesuré : 40 ({convention.start_year + 1})"
        " fictif" in text
    )
    assert "Indicateur : Sans valeur · mesuré : non mesuré" in text


def test_timeline_draws_a_bar_per_dated_action(coordinator, convention, plan):
    text = " ".join(
        coordinator.get(reverse("plan:timeline", args=[convention.slug])).content.decode().split()
    )
    assert text.count('class="gantt-bar') == 3
    # 2024-01-01 → 2025-12-31 over 2024-2028: starts at 0 %, covers two years of five (731 days of 1,827).
    # The bar is an SVG (no style attribute under the Content-Security-Policy).
    assert 'x="0.0%" y="5" width="40.01%"' in text


def test_quick_update_records_status_progress_note_value_and_history(coordinator, convention, plan):
    action = plan["actions"][2]
    indicator = IndicatorFactory(action=action, name="Trajets")
    year = min(max(datetime.date.today().year, 2024), 2028)
    response = coordinator.post(
        reverse("plan:quick_update", args=[convention.slug, action.pk]),
        {
            "version": action.version,
            "status": "en_cours",
            "progress": 35,
            "note": "Premier trimestre lancé.",
            f"indicator_{indicator.pk}": "12,5",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress, action.version) == ("en_cours", 35, 2)
    assert action.notes.get().text == "Premier trimestre lancé."
    assert IndicatorValue.objects.get(indicator=indicator, year=year).value == 12.5
    text = page_text(coordinator.get(reverse("plan:action", args=[convention.slug, action.pk])))
    assert "Statut « À lancer » → « En cours »" in text
    assert "Avancement (%) « 0 » → « 35 »" in text
    assert "Premier trimestre lancé." in text


def test_a_later_save_from_an_older_version_is_refused_and_shows_what_changed(
    client, convention, plan
):
    action = plan["actions"][1]
    first = MembershipFactory(convention=convention, role="coordinateur").user
    second = MembershipFactory(convention=convention, role="caf").user
    url = reverse("plan:action_edit", args=[convention.slug, action.pk])
    opened_version = action.version

    client.force_login(first)
    payload = {
        "number": action.number,
        "title": "Réseau jeunesse élargi",
        "node": action.node_id,
        "status": "en_cours",
        "progress": 60,
        "whole_territory": "on",
        "version": opened_version,
        **no_formset_rows(),
    }
    assert client.post(url, payload).status_code == 302

    client.force_login(second)
    stale = {**payload, "title": "Réseau jeunesse (CAF)", "progress": 45}
    response = client.post(url, stale)
    assert response.status_code == 200
    text = page_text(response)
    assert "modifiée par quelqu'un d'autre" in text
    assert "Intitulé « Réseau jeunesse » → « Réseau jeunesse élargi »" in text
    assert first.email in text
    action.refresh_from_db()
    assert (action.title, action.progress) == ("Réseau jeunesse élargi", 60)
    assert Change.objects.filter(action=action, author=second).count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"progress": 150}, "Valeur hors limites (150) : saisissez un nombre entre 0 et 100."),
        (
            {"start_date": "2025-05-01", "end_date": "2025-01-01"},
            "La fin ne peut pas précéder le début.",
        ),
    ],
)
def test_bad_input_on_an_action_is_named_and_nothing_is_saved(
    coordinator, convention, plan, changes, message
):
    action = plan["actions"][0]
    payload = {
        "number": action.number,
        "title": "Nouveau titre",
        "node": action.node_id,
        "status": action.status,
        "progress": action.progress,
        "whole_territory": "on",
        "version": action.version,
        **no_formset_rows(),
        **changes,
    }
    response = coordinator.post(
        reverse("plan:action_edit", args=[convention.slug, action.pk]), payload
    )
    assert response.status_code == 200
    assert message in page_text(response)
    action.refresh_from_db()
    assert action.title == "Réseau petite enfance"


def test_quick_update_refuses_a_progress_above_100(coordinator, convention, plan):
    action = plan["actions"][0]
    response = coordinator.post(
        reverse("plan:quick_update", args=[convention.slug, action.pk]),
        {"version": action.version, "status": "en_cours", "progress": 101},
    )
    assert "Valeur hors limites (101) : saisissez un nombre entre 0 et 100." in page_text(response)
    action.refresh_from_db()
    assert action.progress == 100


def test_new_action_from_the_form(coordinator, convention, plan):
    response = coordinator.post(
        reverse("plan:action_create", args=[convention.slug]),
        {
            "number": "2.2",
            "title": "Navette estivale",
            "node": plan["nodes"][1].pk,
            "status": "a_lancer",
            "progress": 0,
            "whole_territory": "on",
            **no_formset_rows(),
        },
    )
    assert response.status_code == 302
    assert Action.objects.get(convention=convention, number="2.2").title == "Navette estivale"
    response = coordinator.post(
        reverse("plan:action_create", args=[convention.slug]),
        {
            "number": "2.2",
            "title": "Doublon",
            "node": plan["nodes"][1].pk,
            "status": "a_lancer",
            "progress": 0,
            "whole_territory": "on",
            **no_formset_rows(),
        },
    )
    # A repeated number is kept as written (sources do repeat one), and said on the plan page;
    # both actions get a reference that names them without ambiguity.
    assert response.status_code == 302
    twins = Action.objects.filter(convention=convention, number="2.2").order_by("pk")
    assert [a.ref for a in twins] == ["action-1", "action-2"]
    text = page_text(coordinator.get(reverse("plan:index", args=[convention.slug])))
    assert "Doublon : numéro « 2.2 » déjà porté par une autre action : gardé tel quel" in text


def test_documents_are_limited_in_type_and_size(coordinator, convention, plan, monkeypatch):
    action = plan["actions"][0]
    url = reverse("plan:document_add", args=[convention.slug, action.pk])
    coordinator.post(
        url,
        {
            "title": "Compte rendu",
            "file": SimpleUploadedFile("cr.pdf", b"%PDF-1.4 test", "application/pdf"),
        },
    )
    document = ActionDocument.objects.get()
    assert document.title == "Compte rendu"
    download = coordinator.get(reverse("plan:document", args=[convention.slug, document.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"

    response = coordinator.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")}, follow=True)
    assert "Type de fichier refusé (.exe)" in page_text(response)
    monkeypatch.setattr(services, "MAX_DOCUMENT_SIZE", 10)
    response = coordinator.post(
        url, {"file": SimpleUploadedFile("gros.pdf", b"x" * 2048)}, follow=True
    )
    assert "Fichier trop lourd" in page_text(response)
    assert ActionDocument.objects.count() == 1


def test_moving_a_node_renumbers_the_tree(coordinator, convention, plan):
    _first, second = plan["nodes"]
    child = services.add_node(convention=convention, parent=second, title="Sous-enjeu")
    assert child.number == "2.1"
    coordinator.post(
        reverse("plan:node_move", args=[convention.slug, second.pk]), {"direction": "up"}
    )
    numbers = dict(Node.objects.filter(convention=convention).values_list("title", "number"))
    assert numbers == {"Mobilité": "1", "Sous-enjeu": "1.1", "Réseaux": "2"}


def test_snapshot_compared_with_today(coordinator, convention, plan):
    coordinator.post(reverse("plan:snapshots", args=[convention.slug]), {"label": "Avant le COPIL"})
    action = plan["actions"][2]
    action.status, action.progress = "en_cours", 30
    action.save()
    snapshot = convention.plan_snapshots.get()
    text = page_text(coordinator.get(reverse("plan:snapshot", args=[convention.slug, snapshot.pk])))
    assert "1 action a changé." in text
    assert "+30 pts" in text


def test_fictitious_follow_up_is_labelled_on_the_page(coordinator, convention, plan):
    Action.objects.filter(pk=plan["actions"][0].pk).update(follow_up_fictitious=True)
    text = page_text(coordinator.get(reverse("plan:index", args=[convention.slug])))
    assert "Donnée fictive" in text
    text = page_text(
        coordinator.get(reverse("plan:action", args=[convention.slug, plan["actions"][0].pk]))
    )
    assert "Suivi fictif (démonstration)" in text


def test_partners_milestones_and_budget_are_edited_with_the_action(coordinator, convention, plan):
    action = plan["actions"][0]
    url = reverse("plan:action_edit", args=[convention.slug, action.pk])
    base = {
        "number": action.number,
        "title": action.title,
        "node": action.node_id,
        "status": action.status,
        "progress": action.progress,
        "whole_territory": "on",
        "version": action.version,
        **no_formset_rows(),
    }
    rows = {
        "partenaires-TOTAL_FORMS": 1,
        "partenaires-0-organisation": plan["partner_org"].pk,
        "partenaires-0-role": "accueil des familles",
        "jalons-TOTAL_FORMS": 1,
        "jalons-0-date": "2024-06-01",
        "jalons-0-title": "Lancement",
        "budget-TOTAL_FORMS": 1,
        "budget-0-year": 2025,
        "budget-0-funder": plan["pilot_org"].pk,
        "budget-0-amount": "1 500,50",
        "budget-0-nature": "fonctionnement",
        "budget-0-state": "prevu",
    }
    response = coordinator.post(
        url, {**base, **rows, "budget-0-amount": "-3", "budget-0-year": 2031}
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "Un montant ne peut pas être négatif." in text
    assert "L'année 2031 est hors de la période de la CTG (2024-2028)." in text
    assert not action.budget_lines.exists() and not action.partner_roles.exists()

    thematique, _ = Thematique.objects.get_or_create(
        code="jeunesse", defaults={"label": "Jeunesse"}
    )
    convention.thematiques.add(thematique)
    rows["thematiques"] = [thematique.pk]
    assert coordinator.post(url, {**base, **rows}).status_code == 302
    line = action.budget_lines.get()
    assert (line.year, str(line.amount), line.funder) == (2025, "1500.50", plan["pilot_org"])
    assert action.partner_roles.get().role == "accueil des familles"
    assert action.milestones.get().title == "Lancement"
    text = page_text(coordinator.get(reverse("plan:action", args=[convention.slug, action.pk])))
    assert "Budget « — » → « 2025 : 1500.50 € »" in text
    assert f"Thématiques « — » → « {thematique.label} »" in text


def test_level_names_are_chosen_per_ctg(coordinator, convention, plan):
    url = reverse("plan:levels", args=[convention.slug])
    response = coordinator.post(url, {"level_1": "Axe", "level_3": "Action"})
    assert "Nommez d'abord le niveau 2." in page_text(response)
    coordinator.post(url, {"level_1": "Axe", "level_2": "Objectif stratégique"})
    text = page_text(coordinator.get(reverse("plan:index", args=[convention.slug])))
    assert "Axe 1. Réseaux" in text


def test_indicator_with_targets_shows_target_against_measured(coordinator, convention, plan):
    action = plan["actions"][2]
    url = reverse("plan:indicator_create_action", args=[convention.slug, action.pk])
    response = coordinator.post(
        url, {"name": "Trajets", "kind": "resultat", "unit": "trajets", "baseline_value": "1 200"}
    )
    assert "Donnez à la fois la valeur de départ et son année." in page_text(response)
    coordinator.post(
        url,
        {
            "name": "Trajets",
            "kind": "resultat",
            "unit": "trajets",
            "baseline_value": "1 200",
            "baseline_year": 2023,
            "target_2024": "1 500",
            "target_2025": "1 800,5",
        },
    )
    indicator = action.indicators.get()
    assert [(t.year, str(t.value)) for t in indicator.targets.all()] == [
        (2024, "1500.00"),
        (2025, "1800.50"),
    ]
    IndicatorValueFactory(indicator=indicator, year=2024, value=1640)
    text = page_text(coordinator.get(reverse("plan:action", args=[convention.slug, action.pk])))
    assert "2024 1500 1640" in text
    assert "2025 1800,50 non mesuré" in text


def test_node_indicator_is_shown_in_the_tree(coordinator, convention, plan):
    node = plan["nodes"][0]
    coordinator.post(
        reverse("plan:indicator_create_node", args=[convention.slug, node.pk]),
        {"name": "Taux de couverture", "kind": "impact", "unit": "%"},
    )
    text = page_text(coordinator.get(reverse("plan:index", args=[convention.slug])))
    assert "Indicateur : Taux de couverture" in text


def test_partner_cannot_add_an_indicator_to_a_node(client, convention, plan):
    client.force_login(
        MembershipFactory(
            convention=convention, role="partenaire", organisation=plan["pilot_org"]
        ).user
    )
    url = reverse("plan:indicator_create_node", args=[convention.slug, plan["nodes"][0].pk])
    assert client.post(url, {"name": "x", "kind": "impact"}).status_code == 403
    own = reverse("plan:indicator_create_action", args=[convention.slug, plan["actions"][2].pk])
    assert client.post(own, {"name": "Trajets", "kind": "resultat"}).status_code == 302
    assert plan["actions"][2].indicators.count() == 1


def test_a_partner_sees_its_actions_with_a_quick_update_link(client, convention, plan):
    client.force_login(
        MembershipFactory(
            convention=convention, role="partenaire", organisation=plan["partner_org"]
        ).user
    )
    text = page_text(client.get(reverse("plan:index", args=[convention.slug])))
    assert "Vos actions à suivre 2.1. Transport à domicile À lancer, 0 % Mise à jour rapide" in text


def test_deleting_an_action_and_an_empty_node(coordinator, convention, plan):
    second = plan["nodes"][1]
    response = coordinator.post(
        reverse("plan:node_delete", args=[convention.slug, second.pk]), follow=True
    )
    assert (
        "« 2. Mobilité » porte 1 action (« 2.1. Transport à domicile ») : "
        "réattribuez-les ou supprimez-les, puis recommencez."
    ) in page_text(response)
    coordinator.post(reverse("plan:action_delete", args=[convention.slug, plan["actions"][2].pk]))
    coordinator.post(reverse("plan:node_delete", args=[convention.slug, second.pk]))
    assert list(Node.objects.filter(convention=convention).values_list("number", flat=True)) == [
        "1"
    ]
    assert Action.objects.filter(convention=convention).count() == 2


def test_an_element_moves_under_another_with_its_branch(coordinator, convention, plan):
    first, second = plan["nodes"]
    child = services.add_node(convention=convention, parent=second, title="Sous-enjeu")
    url = reverse("plan:node_edit", args=[convention.slug, second.pk])
    response = coordinator.post(url, {"title": "Mobilité", "parent": child.pk})
    assert "Select a valid choice" in page_text(
        response
    ) or "Sélectionnez un choix valide" in page_text(response)
    coordinator.post(url, {"title": "Mobilité", "parent": first.pk})
    numbers = {n.title: (n.number, n.depth) for n in Node.objects.filter(convention=convention)}
    assert numbers == {"Réseaux": ("1", 1), "Mobilité": ("1.1", 2), "Sous-enjeu": ("1.1.1", 3)}
    # The actions follow their element, and keep their own numbers.
    assert Action.objects.get(pk=plan["actions"][2].pk).node.number == "1.1"


def test_a_quick_update_from_an_older_version_is_refused(client, convention, plan):
    action = plan["actions"][1]
    url = reverse("plan:quick_update", args=[convention.slug, action.pk])
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    old = action.version
    client.post(url, {"version": old, "status": "en_cours", "progress": 50})
    client.force_login(MembershipFactory(convention=convention, role="caf").user)
    response = client.post(url, {"version": old, "status": "en_pause", "progress": 45, "note": "x"})
    text = page_text(response)
    assert "modifiée par quelqu'un d'autre" in text
    assert "Avancement (%) « 40 » → « 50 »" in text
    action.refresh_from_db()
    assert (action.status, action.progress) == ("en_cours", 50)
    assert not action.notes.exists()
