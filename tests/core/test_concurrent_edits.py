"""Two people edit the same thing: the second save is refused, nothing typed is lost.

Every edit page is driven like a browser: both people load it, then both submit the form
exactly as the page rendered it (hidden `version` included), each with their own change.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import reverse

from ctg_pilote.conventions.models import Convention, Organisation, Zone
from ctg_pilote.core.versioning import StaleEdit, save_versioned
from ctg_pilote.diagnostic.models import Survey, SurveyQuestion, SurveyResponse
from ctg_pilote.governance.models import KeyDate, PartnerProfile, Phase, SchemeLink
from ctg_pilote.pilotage.models import Bilan, ResultEvaluation
from ctg_pilote.publication.models import Publication
from tests.conventions.factories import ContactFactory, MembershipFactory, OrganisationFactory
from tests.directory.factories import ServiceFactory
from tests.governance.factories import DecisionFactory, InstanceFactory, MeetingFactory
from tests.plan.factories import ActionFactory, IndicatorFactory, NodeFactory
from tests.utils import FormParser, page_text

pytestmark = pytest.mark.django_db

STALE = "Quelqu'un a enregistré cette fiche entre-temps"


def edit_form(response, field: str) -> tuple[str, dict]:
    """Where the page's form holding `field` posts, and what it would send with `field`."""
    assert response.status_code in (200, 409), response.status_code
    parser = FormParser()
    parser.feed(page_text(response))
    (form,) = [
        f for f in parser.forms if {"version", field} <= {name for name, _value in f["fields"]}
    ]
    data = defaultdict(list)
    for name, value in form["fields"]:
        data[name].append(value)
    return form["action"] or response.request["PATH_INFO"], data


def typed(data: dict, name: str, value: str, extra=None) -> dict:
    """The form as sent after typing `value` in `name` (and choosing `extra` if the page asks)."""
    return {**data, **{k: [v] for k, v in (extra or {}).items()}, name: [value]}


@dataclass
class Case:
    """An edit page: how to make its object, its address, one text field and where it is
    stored (`stored(obj)` reads the saved text; `version(obj)` the saved version, 0 if none;
    `extra`: what else a person must choose on a blank form)."""

    make: Callable
    url: Callable
    field: str
    stored: Callable
    version: Callable
    extra: dict = field(default_factory=dict)


def _conv(convention):
    return Convention.objects.get(pk=convention.pk)


def _profile(organisation):
    return PartnerProfile.objects.filter(organisation=organisation).first()


def _bilan(convention):
    return Bilan.objects.filter(convention=convention, kind="annuel", year=2025).first()


def _evaluation(node):
    return ResultEvaluation.objects.filter(node=node, position=1).first()


def _publication(convention):
    return Publication.objects.filter(convention=convention).first()


def _version_of(obj):
    return obj.version if obj is not None else 0


def _reloaded(obj):
    obj.refresh_from_db()
    return obj


CASES = {
    "ctg": Case(
        make=lambda c: c,
        url=lambda c, o: reverse("conventions:edit", args=[c.slug]),
        field="name",
        stored=lambda o: _conv(o).name,
        version=lambda o: _conv(o).version,
    ),
    "zone": Case(
        make=lambda c: Zone.objects.create(convention=c, name="Zone nord"),
        url=lambda c, o: reverse("conventions:zone_edit", args=[c.slug, o.pk]),
        field="name",
        stored=lambda o: _reloaded(o).name,
        version=lambda o: _reloaded(o).version,
    ),
    "organisation": Case(
        make=lambda c: OrganisationFactory(convention=c),
        url=lambda c, o: reverse("conventions:organisation_edit", args=[c.slug, o.pk]),
        field="name",
        stored=lambda o: _reloaded(o).name,
        version=lambda o: _reloaded(o).version,
    ),
    "contact": Case(
        make=lambda c: ContactFactory(organisation=OrganisationFactory(convention=c)),
        url=lambda c, o: reverse("conventions:contact_edit", args=[c.slug, o.pk]),
        field="function",
        stored=lambda o: _reloaded(o).function,
        version=lambda o: _reloaded(o).version,
    ),
    "element du plan": Case(
        make=lambda c: NodeFactory(convention=c),
        url=lambda c, o: reverse("plan:node_edit", args=[c.slug, o.pk]),
        field="title",
        stored=lambda o: _reloaded(o).title,
        version=lambda o: _reloaded(o).version,
    ),
    "fiche action": Case(
        make=lambda c: ActionFactory(convention=c),
        url=lambda c, o: reverse("plan:action_edit", args=[c.slug, o.pk]),
        field="title",
        stored=lambda o: _reloaded(o).title,
        version=lambda o: _reloaded(o).version,
    ),
    "indicateur du plan": Case(
        make=lambda c: IndicatorFactory(action=ActionFactory(convention=c)),
        url=lambda c, o: reverse("plan:indicator_edit", args=[c.slug, o.pk]),
        field="name",
        stored=lambda o: _reloaded(o).name,
        version=lambda o: _reloaded(o).version,
    ),
    "instance": Case(
        make=lambda c: InstanceFactory(convention=c),
        url=lambda c, o: reverse("governance:instance_edit", args=[c.slug, o.pk]),
        field="name",
        stored=lambda o: _reloaded(o).name,
        version=lambda o: _reloaded(o).version,
    ),
    "offre": Case(
        make=lambda c: ServiceFactory(convention=c),
        url=lambda c, o: reverse("diagnostic:offer_edit", args=[c.slug, o.pk]),
        field="name",
        stored=lambda o: _reloaded(o).name,
        version=lambda o: _reloaded(o).version,
    ),
    "reunion": Case(
        make=lambda c: MeetingFactory(instance=InstanceFactory(convention=c)),
        url=lambda c, o: reverse("governance:meeting_edit", args=[c.slug, o.pk]),
        field="title",
        stored=lambda o: _reloaded(o).title,
        version=lambda o: _reloaded(o).version,
    ),
    "compte rendu": Case(
        make=lambda c: MeetingFactory(instance=InstanceFactory(convention=c)),
        url=lambda c, o: reverse("governance:meeting", args=[c.slug, o.pk]),
        field="minutes",
        stored=lambda o: _reloaded(o).minutes,
        version=lambda o: _reloaded(o).version,
    ),
    "phase de la demarche": Case(
        make=lambda c: Phase.objects.create(convention=c, ref="diagnostic", title="Diagnostic"),
        url=lambda c, o: reverse("governance:phase_edit", args=[c.slug, o.pk]),
        field="title",
        stored=lambda o: _reloaded(o).title,
        version=lambda o: _reloaded(o).version,
    ),
    "date cle": Case(
        make=lambda c: KeyDate.objects.create(
            convention=c, date=datetime.date(2025, 3, 1), label="COPIL de lancement"
        ),
        url=lambda c, o: reverse("governance:key_date_edit", args=[c.slug, o.pk]),
        field="label",
        stored=lambda o: _reloaded(o).label,
        version=lambda o: _reloaded(o).version,
    ),
    "lien avec un dispositif": Case(
        make=lambda c: SchemeLink.objects.create(convention=c, kind="cls"),
        url=lambda c, o: reverse("governance:scheme_edit", args=[c.slug, o.pk]),
        field="name",
        stored=lambda o: _reloaded(o).name,
        version=lambda o: _reloaded(o).version,
    ),
    "profil de partenaire": Case(
        make=lambda c: OrganisationFactory(convention=c),
        url=lambda c, o: reverse("governance:partner_profile", args=[c.slug, o.pk]),
        field="description",
        stored=lambda o: _profile(o).description,
        version=lambda o: _version_of(_profile(o)),
    ),
    "textes du bilan": Case(
        make=lambda c: c,
        url=lambda c, o: reverse("pilotage:bilan_edit", args=[c.slug, "annuel", 2025]),
        field="introduction",
        stored=lambda c: _bilan(c).introduction,
        version=lambda c: _version_of(_bilan(c)),
    ),
    "evaluation d'un resultat": Case(
        make=lambda c: NodeFactory(convention=c, expected_results=["Plus de places"]),
        url=lambda c, o: reverse("pilotage:evaluate", args=[c.slug, o.pk, 1]),
        field="evidence",
        stored=lambda o: _evaluation(o).evidence,
        version=lambda o: _version_of(_evaluation(o)),
        extra={"judgement": "atteint"},
    ),
    "publication": Case(
        make=lambda c: c,
        url=lambda c, o: reverse("publication:settings", args=[c.slug]),
        field="introduction",
        stored=lambda c: _publication(c).introduction,
        version=lambda c: _version_of(_publication(c)),
    ),
}


def editor(convention) -> Client:
    client = Client()
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    return client


@pytest.mark.parametrize("name", list(CASES))
def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed(convention, name):
    case = CASES[name]
    obj = case.make(convention)
    url = case.url(convention, obj)
    alice, bob = editor(convention), editor(convention)
    alice_action, alice_form = edit_form(alice.get(url), case.field)
    bob_action, bob_form = edit_form(bob.get(url), case.field)

    saved = alice.post(alice_action, typed(alice_form, case.field, "Texte d'Alice", case.extra))
    assert saved.status_code == 302
    refused = bob.post(bob_action, typed(bob_form, case.field, "Texte de Bob", case.extra))

    text = page_text(refused)
    assert STALE in text
    # What Bob typed is still in the form, next to what Alice saved meanwhile.
    action, kept = edit_form(refused, case.field)
    assert "Texte de Bob" in kept[case.field][0]
    assert "Valeur enregistrée entre-temps : « " in text
    assert "Texte d'Alice" in text.split("Valeur enregistrée entre-temps")[1]
    assert "Texte d'Alice" in case.stored(obj)
    assert "Texte de Bob" not in case.stored(obj)

    # Having read it, Bob saves again on purpose: now his text wins.
    assert bob.post(action, kept).status_code == 302
    assert "Texte de Bob" in case.stored(obj)


@pytest.mark.parametrize("name", list(CASES))
def test_a_single_edit_is_saved_and_bumps_the_version(convention, name):
    case = CASES[name]
    obj = case.make(convention)
    url = case.url(convention, obj)
    before = case.version(obj)
    client = editor(convention)
    action, form = edit_form(client.get(url), case.field)
    assert form["version"] == [str(before)]

    assert (
        client.post(action, typed(form, case.field, "Nouveau texte", case.extra)).status_code == 302
    )
    assert "Nouveau texte" in case.stored(obj)
    assert case.version(obj) == before + 1


def test_a_save_of_an_object_deleted_meanwhile_is_refused_not_recreated(convention):
    zone = Zone.objects.create(convention=convention, name="Zone sud")
    opened = Zone.objects.get(pk=zone.pk)
    zone.delete()
    opened.name = "Zone sud-est"
    with pytest.raises(StaleEdit) as refused:
        save_versioned(opened, expected_version=opened.version)
    assert refused.value.current is None
    assert not Zone.objects.filter(convention=convention).exists()


def test_a_decision_follow_up_from_an_outdated_list_is_refused(convention):
    decision = DecisionFactory(
        meeting=MeetingFactory(instance=InstanceFactory(convention=convention))
    )
    alice, bob = editor(convention), editor(convention)
    list_url = reverse("governance:decisions", args=[convention.slug])
    follow_url = reverse("governance:decision_follow", args=[convention.slug, decision.pk])
    _action, alice_form = edit_form(alice.get(list_url), "status")
    _action, bob_form = edit_form(bob.get(list_url), "status")

    assert alice.post(follow_url, typed(alice_form, "status", "en_cours")).status_code == 302
    response = bob.post(follow_url, typed(bob_form, "status", "abandonnee"), follow=True)

    assert STALE in page_text(response)
    decision.refresh_from_db()
    assert decision.status == "en_cours"


def test_a_write_outside_the_edit_pages_also_refuses_an_older_page(convention):
    """An import or the administration saves the object without a version check: a page
    opened before still cannot overwrite what they wrote."""
    organisation = OrganisationFactory(convention=convention, name="Centre social")
    client = editor(convention)
    url = reverse("conventions:organisation_edit", args=[convention.slug, organisation.pk])
    action, form = edit_form(client.get(url), "name")

    imported = Organisation.objects.get(pk=organisation.pk)
    imported.name = "Centre social (importé)"
    imported.save()

    response = client.post(action, typed(form, "name", "Centre social Nord"))
    assert STALE in page_text(response)
    organisation.refresh_from_db()
    assert organisation.name == "Centre social (importé)"


def test_tagging_an_answer_from_an_outdated_page_is_refused(convention):
    survey = Survey.objects.create(
        convention=convention, title="Enquête familles", year=2025, source="CTG", families_reached=1
    )
    SurveyQuestion.objects.create(survey=survey, code="besoins", text="Besoins", kind="texte")
    answer = SurveyResponse.objects.create(
        survey=survey, number=1, answers={"besoins": "Plus de places en crèche"}
    )
    alice, bob = editor(convention), editor(convention)
    page = reverse("diagnostic:survey_detail", args=[convention.slug, survey.pk]) + "?q=crèche"
    action, alice_form = edit_form(alice.get(page), "question")
    _action, bob_form = edit_form(bob.get(page), "question")

    assert alice.post(action, typed(alice_form, "thematiques", "petite-enfance")).status_code == 302
    response = bob.post(action, typed(bob_form, "thematiques", "jeunesse"), follow=True)

    assert STALE in page_text(response)
    answer.refresh_from_db()
    assert answer.tags == {"besoins": ["petite-enfance"]}


@pytest.mark.parametrize("version", ["99999999999999999999", "-1", "deux"])
def test_a_forged_version_gets_a_french_message_and_saves_nothing(convention, version):
    organisation = OrganisationFactory(convention=convention, name="Centre social")
    client = editor(convention)
    url = reverse("conventions:organisation_edit", args=[convention.slug, organisation.pk])
    action, form = edit_form(client.get(url), "name")

    response = client.post(action, {**typed(form, "name", "Renommée"), "version": [version]})
    assert response.status_code == 200
    text = page_text(response)
    assert "Le formulaire contient des erreurs" in text
    assert "Version de la fiche" in text
    organisation.refresh_from_db()
    assert organisation.name == "Centre social"


def test_a_forged_version_on_a_survey_tag_is_no_error(convention):
    survey = Survey.objects.create(
        convention=convention, title="Enquête", year=2025, source="CTG", families_reached=1
    )
    SurveyQuestion.objects.create(survey=survey, code="besoins", text="Besoins", kind="texte")
    SurveyResponse.objects.create(survey=survey, number=1, answers={"besoins": "Crèche"})
    url = reverse("diagnostic:survey_tag", args=[convention.slug, survey.pk])
    data = {"reponse": 1, "question": "besoins", "thematiques": ["jeunesse"], "version": "1²"}
    assert editor(convention).post(url, data).status_code == 302
