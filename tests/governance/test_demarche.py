"""The démarche as a CTG writes it, through the pages: its own phases, steps dated or not,
statuses that follow the dates unless said; instance composition; links to other schemes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ctg_pilote.governance.models import Instance, KeyDate, Phase, SchemeLink
from tests.governance.factories import InstanceFactory
from tests.plan.factories import ActionFactory, NodeFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2019, 3, 1)


def url(name, convention, *args):
    return reverse(f"governance:{name}", args=[convention.slug, *args])


def text_of(response) -> str:
    return " ".join(page_text(response).split())


def test_a_ctg_without_phases_is_offered_the_six_cnaf_steps_then_owns_them(
    member_client, convention
):
    client, _ = member_client(convention)
    text = text_of(client.get(url("demarche", convention)))
    assert "Voici les six étapes proposées par la CNAF" in text
    assert "Diagnostic partagé" in text and not Phase.objects.exists()

    client.post(url("phases_adopt", convention))
    assert list(Phase.objects.values_list("ref", flat=True)) == [
        "engagement", "diagnostic", "enjeux", "plan_action", "realisation", "evaluation"
    ]  # fmt: skip
    enjeux = Phase.objects.get(ref="enjeux")
    client.post(url("phase_edit", convention, enjeux.pk), {"title": "Séminaires", "ref": "enjeux"})
    client.post(
        url("phase_edit", convention, Phase.objects.get(ref="evaluation").pk), {"delete": "1"}
    )
    client.post(url("phase_create", convention), {"title": "Bilan à mi-parcours", "ref": "bilan"})
    client.post(url("phase_move", convention, enjeux.pk), {"direction": "up"})

    titles = list(Phase.objects.order_by("position").values_list("title", flat=True))
    assert titles == [
        "Engagement", "Séminaires", "Diagnostic partagé", "Plan d'action", "Réalisation",
        "Bilan à mi-parcours",
    ]  # fmt: skip
    text = text_of(client.get(url("demarche", convention)))
    assert "Séminaires" in text and "Évaluation" not in text
    assert "Voici les six étapes" not in text


def test_a_phase_ref_taken_in_the_ctg_is_refused_in_french(member_client, convention):
    Phase.objects.create(convention=convention, ref="diagnostic", title="Diagnostic")
    client, _ = member_client(convention)
    response = client.post(
        url("phase_create", convention), {"title": "Autre diagnostic", "ref": "diagnostic"}
    )
    assert "Une autre phase de la CTG a déjà cette référence." in text_of(response)
    assert Phase.objects.count() == 1


def test_a_demarche_finished_years_ago_shows_realised_and_no_red(member_client, convention):
    Phase.objects.create(
        convention=convention, ref="diagnostic", title="Diagnostic", position=0,
        planned_start=datetime.date(2018, 1, 1), planned_end=datetime.date(2018, 6, 30),
    )  # fmt: skip
    Phase.objects.create(
        convention=convention, ref="plan", title="Plan", position=1,
        actual_start=datetime.date(2018, 7, 1), actual_end=LONG_AGO,
    )  # fmt: skip
    for i, label in enumerate(["COPIL de lancement", "Séminaire", "Signature"]):
        KeyDate.objects.create(
            convention=convention, date=LONG_AGO - datetime.timedelta(days=30 * i),
            label=label, position=i,
        )  # fmt: skip
    client, _ = member_client(convention, role="lecteur")
    text = text_of(client.get(url("demarche", convention)))
    assert "En retard" not in text and "À venir" not in text
    assert text.count("Réalisée") >= 2  # both phases
    assert "Prévue" not in text.split("Dates clés")[1]  # no step shown as still planned


def test_unknown_state_is_said_and_undated_steps_keep_their_place(member_client, convention):
    Phase.objects.create(convention=convention, ref="evaluation", title="Évaluation")
    KeyDate.objects.create(convention=convention, label="Lancement", date=LONG_AGO, position=0)
    KeyDate.objects.create(convention=convention, label="Ateliers sans date", position=1)
    later = timezone.localdate() + datetime.timedelta(days=400)
    KeyDate.objects.create(convention=convention, label="Bilan", date=later, position=2)
    client, _ = member_client(convention, role="lecteur")
    text = text_of(client.get(url("demarche", convention)))
    assert "État non renseigné" in text  # the undated phase and the undated step
    assert "Dates non renseignées." in text
    assert text.index("Lancement") < text.index("Ateliers sans date") < text.index("Bilan")
    assert "Date non précisée" in text
    steps = KeyDate.objects.filter(convention=convention).timeline()
    assert [s.state for s in steps] == ["realisee", "", "a_venir"]


def test_a_key_date_is_attached_to_a_phase_of_its_ctg_or_to_none(member_client, convention):
    own = Phase.objects.create(convention=convention, ref="diagnostic", title="Diagnostic")
    other = Phase.objects.create(
        convention=InstanceFactory().convention, ref="diagnostic", title="Ailleurs"
    )
    client, _ = member_client(convention)
    create = url("key_date_create", convention)
    response = client.post(create, {"label": "Atelier", "kind": "etape", "phase": other.pk})
    assert "Sélectionnez un choix valide" in text_of(response)
    client.post(create, {"label": "Atelier", "kind": "etape", "phase": own.pk, "status": "a_faire"})
    step = KeyDate.objects.get()
    assert step.phase == own and step.date is None and step.status == "a_faire"
    assert "Diagnostic" in text_of(client.get(url("demarche", convention)))
    client.post(url("phase_edit", convention, own.pk), {"delete": "1"})
    step.refresh_from_db()
    assert step.phase is None  # the step stays, in no phase


def test_an_instance_composition_mixes_categories_and_free_words(member_client, convention):
    client, _ = member_client(convention)
    client.post(
        url("instance_create", convention),
        {
            "name": "Comité de pilotage",
            "kind": "copil",
            "categories": ["elus", "habitants"],
            "other_categories": "partenaires de terrain\n",
        },
    )
    instance = Instance.objects.get()
    assert instance.composition == ["elus", "habitants", "partenaires de terrain"]
    text = text_of(client.get(url("instance", convention, instance.pk)))
    assert "Élus" in text and "Habitants" in text and "partenaires de terrain" in text
    form = client.get(url("instance_edit", convention, instance.pk)).context["form"]
    assert form["categories"].value() == ["elus", "habitants"]
    assert form["other_categories"].value() == "partenaires de terrain"


def test_a_scheme_links_to_plan_actions_shown_on_both_pages(member_client, convention):
    node = NodeFactory(convention=convention, number="1", title="Grandir ensemble")
    action = ActionFactory(convention=convention, node=node, number="1.1", title="Ludothèque")
    elsewhere = ActionFactory(number="9.9")
    client, _ = member_client(convention)
    response = client.post(
        url("scheme_create", convention),
        {"kind": "autre", "name": "Plan mercredi", "ref": "plan-mercredi",
         "relation": "complete", "actions": [elsewhere.pk]},
    )  # fmt: skip
    assert "Sélectionnez un choix valide" in text_of(response)
    client.post(
        url("scheme_create", convention),
        {"kind": "autre", "name": "Plan mercredi", "ref": "plan-mercredi",
         "relation": "complete", "actions": [action.pk]},
    )  # fmt: skip
    link = SchemeLink.objects.get()
    assert list(link.actions.all()) == [action]
    assert "Ludothèque" in text_of(client.get(url("schemes", convention)))
    page = text_of(client.get(reverse("plan:action", args=[convention.slug, action.pk])))
    assert "Dispositifs liés" in page and "Plan mercredi" in page


def test_a_step_is_typed_as_the_source_writes_it_and_shown_so(member_client, convention):
    client, _ = member_client(convention)
    create = url("key_date_create", convention)
    response = client.post(create, {"label": "Signature", "kind": "signature", "date": "vers 2023"})
    assert "Date « vers 2023 » illisible" in text_of(response)
    assert not KeyDate.objects.exists()
    response = client.post(
        create, {"label": "Ateliers", "kind": "etape", "date": "2022", "end_date": "2021"}
    )
    assert "La fin précède le début." in text_of(response)
    client.post(create, {"label": "Signature", "kind": "signature", "date": "fin 2023"})
    client.post(
        create, {"label": "Groupes", "kind": "groupe", "date": "juin 2022", "end_date": "11/2022"}
    )
    text = text_of(client.get(url("demarche", convention)))
    assert "fin 2023" in text and "juin à novembre 2022" in text
    assert text.index("juin à novembre 2022") < text.index("fin 2023")  # sorted by start


def test_a_phase_ending_before_it_starts_is_refused_in_french(member_client, convention):
    client, _ = member_client(convention)
    response = client.post(
        url("phase_create", convention),
        {
            "title": "Diagnostic",
            "ref": "diagnostic",
            "actual_start": "2023",
            "actual_end": "fin 2022",
        },
    )
    assert "La fin précède le début." in text_of(response)
    assert not Phase.objects.exists()
    client.post(
        url("phase_create", convention),
        {
            "title": "Diagnostic",
            "ref": "diagnostic",
            "actual_start": "2023",
            "actual_end": "mi-2023",
        },
    )
    assert Phase.objects.get().actual_label == "2023 → mi-2023"
