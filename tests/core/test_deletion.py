"""Deleting something a CTG still needs is refused with a French sentence naming what holds
it, on pages and in the API; whatever happens, the CTG's export stays valid."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models import RestrictedError
from django.urls import reverse

from ctg_pilote.api.errors import exception_handler
from ctg_pilote.conventions.models import Convention, Organisation, Zone
from ctg_pilote.core import deletion
from ctg_pilote.core.deletion import BLOCKING
from ctg_pilote.diagnostic.models import KeyFigure
from ctg_pilote.governance.models import Decision
from ctg_pilote.plan.models import Action
from tests.conventions.factories import ContactFactory, MembershipFactory, OrganisationFactory
from tests.exchange.roundtrip import assert_export_round_trips, rochefort_ctg
from tests.governance.factories import DecisionFactory, InstanceFactory, MeetingFactory
from tests.plan.factories import ActionFactory, NodeFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctg():
    convention = rochefort_ctg(slug="ctg-suppressions")
    centre = OrganisationFactory(convention=convention, ref="centre", name="Centre social")
    mairie = OrganisationFactory(convention=convention, ref="mairie", name="Mairie")
    meeting = MeetingFactory(instance=InstanceFactory(convention=convention, ref="copil"))
    node = NodeFactory(convention=convention, position=1, number="1", sort_key="001")
    return {
        "convention": convention,
        "centre": centre,
        "mairie": mairie,
        "decisions": [
            DecisionFactory(meeting=meeting, owner_organisation=centre, text=text)
            for text in ("Lancer l'étude", "Réunir les parents")
        ],
        "action": ActionFactory(
            convention=convention, node=node, number="1.1", title="Crèche", pilot=centre
        ),
    }


def coordinator_of(client, convention):
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    return client


def test_deleting_the_owner_of_decisions_is_refused_naming_them_and_the_export_still_imports(
    client, ctg
):
    convention, centre = ctg["convention"], ctg["centre"]
    url = reverse("conventions:organisation_delete", args=[convention.slug, centre.pk])
    response = coordinator_of(client, convention).post(url, follow=True)

    assert (
        "« Centre social » porte 2 décisions (« Lancer l'étude », « Réunir les parents ») "
        "et pilote 1 action (« 1.1. Crèche ») : réattribuez-les ou supprimez-les, "
        "puis recommencez."
    ) in page_text(response)
    assert Organisation.objects.filter(pk=centre.pk).exists()
    assert set(Decision.objects.values_list("owner_organisation", flat=True)) == {centre.pk}
    assert Action.objects.get().pilot == centre
    exported = assert_export_round_trips(convention)
    owners = [
        d["responsable"]["organisation"]
        for d in exported["gouvernance"]["instances"][0]["reunions"][0]["decisions"]
    ]
    assert owners == ["centre", "centre"]


def test_once_its_decisions_and_action_are_elsewhere_the_organisation_goes(client, ctg):
    convention, centre = ctg["convention"], ctg["centre"]
    Decision.objects.update(owner_organisation=ctg["mairie"])
    Action.objects.update(pilot=None)
    url = reverse("conventions:organisation_delete", args=[convention.slug, centre.pk])
    response = coordinator_of(client, convention).post(url, follow=True)

    assert "L'organisation « Centre social » est supprimée." in page_text(response)
    assert not Organisation.objects.filter(pk=centre.pk).exists()
    assert_export_round_trips(convention)


def test_its_decisions_can_be_handed_over_on_the_delete_form(client, ctg):
    convention, centre, mairie = ctg["convention"], ctg["centre"], ctg["mairie"]
    coordinator = coordinator_of(client, convention)
    edit = reverse("conventions:organisation_edit", args=[convention.slug, centre.pk])
    assert "Réattribuer ses décisions à" in page_text(coordinator.get(edit))
    no_decision = reverse("conventions:organisation_edit", args=[convention.slug, mairie.pk])
    assert "Réattribuer ses décisions à" not in page_text(coordinator.get(no_decision))

    url = reverse("conventions:organisation_delete", args=[convention.slug, centre.pk])
    response = coordinator.post(url, {"replacement": mairie.pk}, follow=True)
    # Still the pilot of an action: refused as a whole, the decisions stay where they were.
    assert "« Centre social » pilote 1 action (« 1.1. Crèche »)" in page_text(response)
    assert set(Decision.objects.values_list("owner_organisation", flat=True)) == {centre.pk}

    Action.objects.update(pilot=mairie)
    response = coordinator.post(url, {"replacement": mairie.pk}, follow=True)
    assert "Ses décisions sont réattribuées à « Mairie »." in page_text(response)
    assert not Organisation.objects.filter(pk=centre.pk).exists()
    assert set(Decision.objects.values_list("owner_organisation", flat=True)) == {mairie.pk}
    assert_export_round_trips(convention)


def test_decisions_cannot_be_handed_to_another_ctg(client, ctg):
    convention, centre = ctg["convention"], ctg["centre"]
    elsewhere = OrganisationFactory()
    url = reverse("conventions:organisation_delete", args=[convention.slug, centre.pk])
    response = coordinator_of(client, convention).post(
        url, {"replacement": elsewhere.pk}, follow=True
    )
    assert "Choisissez une autre organisation de cette CTG." in page_text(response)
    assert set(Decision.objects.values_list("owner_organisation", flat=True)) == {centre.pk}


def test_deleting_the_owners_contact_keeps_the_decision_with_its_organisation(client, ctg):
    convention, centre = ctg["convention"], ctg["centre"]
    contact = ContactFactory(organisation=centre, email="direction@exemple.test")
    Decision.objects.update(owner_contact=contact)
    url = reverse("conventions:contact_delete", args=[convention.slug, contact.pk])
    coordinator_of(client, convention).post(url)

    assert list(Decision.objects.values_list("owner_organisation", "owner_contact")) == [
        (centre.pk, None),
        (centre.pk, None),
    ]
    assert_export_round_trips(convention)


def test_a_zone_with_key_figures_is_kept_and_they_are_named(client, ctg):
    convention = ctg["convention"]
    zone = Zone.objects.create(convention=convention, name="Littoral")
    KeyFigure.objects.create(
        convention=convention,
        code="familles",
        label="Familles allocataires",
        value=Decimal(1200),
        zone=zone,
        source="CAF 2024",
    )
    url = reverse("conventions:zone_delete", args=[convention.slug, zone.pk])
    response = coordinator_of(client, convention).post(url, follow=True)

    figure = KeyFigure.objects.get()
    assert f"« Littoral » porte 1 chiffre clé du diagnostic (« {figure} »)" in page_text(response)
    assert "Familles allocataires" in str(figure) and "1200.00" not in str(figure)
    assert KeyFigure.objects.get().zone == zone
    assert_export_round_trips(convention)


def test_a_partners_organisation_is_kept_and_the_member_named(client, ctg):
    convention, mairie = ctg["convention"], ctg["mairie"]
    MembershipFactory(convention=convention, role="partenaire", organisation=mairie)
    url = reverse("conventions:organisation_delete", args=[convention.slug, mairie.pk])
    response = coordinator_of(client, convention).post(url, follow=True)

    assert "« Mairie » représente 1 membre de la CTG" in page_text(response)
    assert Organisation.objects.filter(pk=mairie.pk).exists()


def test_an_api_deletion_held_by_a_link_is_a_french_409_never_a_500(ctg):
    """The API's safety net, for a deletion that did not go through core.deletion."""
    centre = ctg["centre"]
    error = RestrictedError("held", set(Decision.objects.all()))

    response = exception_handler(error, {})

    assert response.status_code == 409
    assert response.data["code"] == "conflict"
    assert response.data["message"].startswith(
        "Suppression impossible : l'élément porte 2 décisions (« Lancer l'étude »"
    )
    assert Organisation.objects.filter(pk=centre.pk).exists()


def test_deleting_a_whole_ctg_still_takes_everything_with_it(ctg):
    """RESTRICT, not PROTECT: links inside a CTG never stop the CTG itself from going."""
    convention = ctg["convention"]
    KeyFigure.objects.create(
        convention=convention,
        code="x",
        label="X",
        value=1,
        zone=Zone.objects.create(convention=convention, name="Îles"),
        source="s",
        year=2024,
    )
    ctg["action"].budget_lines.create(year=2025, funder=ctg["mairie"], amount=10)
    convention.delete()
    assert not Convention.objects.filter(slug="ctg-suppressions").exists()
    assert not Decision.objects.exists() and not Action.objects.exists()


def _ctg_model(model) -> bool:
    """A model a person creates and deletes inside a CTG."""
    return any(f.name == "convention" for f in model._meta.get_fields()) or model.__name__ in (
        "Contact",
        "Node",
    )


def test_every_link_that_refuses_a_deletion_says_so_in_french():
    """A RESTRICT/PROTECT link to something deletable in a CTG declares its sentence."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.concrete_fields
        if field.many_to_one
        and field.remote_field.on_delete in BLOCKING
        and _ctg_model(field.related_model)
        and field.related_model is not Convention
        and field.name not in getattr(model, "deletion_holds", {})
    ]
    assert missing == []


def test_links_nulled_by_a_deletion_are_only_those_the_exchange_format_may_omit():
    """SET_NULL is fine only where the document's key is optional (checked in
    docs/securite.md); a new one must be checked against the schema and added here."""
    nulled = sorted(
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.concrete_fields
        if field.many_to_one
        and field.remote_field.on_delete is models.SET_NULL
        and _ctg_model(field.related_model)
    )
    assert nulled == [
        # not exchanged; a deleted comment leaves its feed line, without the text
        "collaboration.Activity.comment",
        "diagnostic.Offer.manager",  # gestionnaire: optional
        "governance.Decision.owner_contact",  # responsable.contact: optional
        "governance.KeyDate.phase",  # dates_cles[].phase: optional (a step of no phase)
        "governance.Vote.meeting",  # reunion: optional
        # not exchanged; the meeting's title and date are kept on the adoption itself
        "pilotage.AdoptedBilan.meeting",
    ]


def test_the_sentence_counts_and_lists_at_most_five():
    convention = rochefort_ctg(slug="ctg-pilote-beaucoup")
    pilot = OrganisationFactory(convention=convention, name="Agglo")
    node = NodeFactory(convention=convention, position=1, number="1", sort_key="001")
    for i in range(1, 8):
        ActionFactory(
            convention=convention, node=node, number=f"1.{i}", title=f"Action {i}", pilot=pilot
        )
    with pytest.raises(deletion.DeletionRefused) as refused:
        deletion.delete(obj=pilot)
    assert refused.value.messages == [
        "« Agglo » pilote 7 actions (« 1.1. Action 1 », « 1.2. Action 2 », « 1.3. Action 3 », "
        "« 1.4. Action 4 », « 1.5. Action 5 », 2 autres) : "
        "réattribuez-les ou supprimez-les, puis recommencez."
    ]
    assert Action.objects.filter(pilot=pilot).count() == 7
