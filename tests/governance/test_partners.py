import json

import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Contact
from ctg_pilote.governance import services
from ctg_pilote.governance.network import build_network
from ctg_pilote.plan.models import PartnerRole
from tests.conventions.factories import OrganisationFactory
from tests.governance.factories import MeetingFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def url(name, convention, *args):
    return reverse(f"governance:{name}", args=[convention.slug, *args])


def test_network_shows_who_is_central_and_who_is_isolated(member_client, copil, actions):
    convention = copil.convention
    caf = convention.organisations.get(ref="caf")
    centre = OrganisationFactory(convention=convention, name="Centre social des Marais")
    OrganisationFactory(convention=convention, name="Association isolée")
    actions[0].pilot = centre
    actions[0].save()
    PartnerRole.objects.create(action=actions[0], organisation=caf)
    network = build_network(convention)
    degrees = {n.organisation.name: n.degree for n in network.nodes}
    assert degrees == {"CAF": 2, "Agglo": 1, "Centre social des Marais": 1, "Association isolée": 0}
    assert [n.organisation.name for n in network.central] == ["CAF"]
    assert [n.organisation.name for n in network.isolated] == ["Association isolée"]

    client, _ = member_client(convention, role="lecteur")
    text = " ".join(page_text(client.get(url("network", convention))).split())
    assert "1 organisation isolée" in text and "Association isolée" in text
    assert "<svg" in text and "centrale" in text
    assert "1 acteur" in text and "3 institutions" in text


def test_directory_search_and_filters(member_client, copil):
    convention = copil.convention
    OrganisationFactory(convention=convention, name="Mission Locale", kind="emploi_insertion")
    client, _ = member_client(convention, role="lecteur")
    text = page_text(client.get(url("partners", convention), {"q": "mission"}))
    assert "Mission Locale" in text and "Agglo" not in text
    text = page_text(client.get(url("partners", convention), {"instance": copil.pk}))
    assert "Agglo" in text and "Mission Locale" not in text


def test_partner_profile_adds_thematiques_and_communes(member_client, copil):
    convention = copil.convention
    epci = convention.organisations.get(ref="epci")
    client, _ = member_client(convention)
    commune = convention.communes.first()
    client.post(
        url("partner_profile", convention, epci.pk),
        {
            "description": "Porte le RPE",
            "thematiques": ["petite-enfance"],
            "communes": [commune.pk],
        },
    )
    text = page_text(client.get(url("partner", convention, epci.pk)))
    assert "Porte le RPE" in text and "Petite enfance" in text and commune.name in text


def test_personal_data_export_then_erasure_keeps_history_anonymous(member_client, copil):
    convention = copil.convention
    meeting = MeetingFactory(instance=copil, title="COPIL de juin")
    services.invite_instance_members(meeting=meeting)
    contact = Contact.objects.get(email="camille.martin@exemple.test")
    services.record_attendance(
        meeting=meeting, organisation=contact.organisation, contact=contact, attendance="present"
    )
    services.calendar_token(convention=convention, email=contact.email)
    client, _ = member_client(convention)

    response = client.post(
        url("personal_data", convention), {"contact": contact.pk, "action": "exporter"}
    )
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["personne"]["nom"] == "Martin"
    assert data["reunions"][0]["reunion"] == "COPIL de juin"
    assert data["reunions"][0]["presence"] == "Présent·e"

    response = client.post(
        url("personal_data", convention), {"contact": contact.pk, "action": "effacer"}
    )
    assert "Cochez la confirmation" in page_text(response)
    contact.refresh_from_db()
    assert contact.last_name == "Martin"  # nothing erased without confirmation

    client.post(
        url("personal_data", convention),
        {"contact": contact.pk, "action": "effacer", "confirm": "oui"},
    )
    contact.refresh_from_db()
    assert (contact.first_name, contact.last_name, contact.email, contact.phone) == ("", "", "", "")
    assert contact.function.startswith("Personne anonymisée")
    invitation = meeting.invitations.get(contact=contact)
    assert invitation.attendance == "present"  # history kept
    page = page_text(client.get(url("meeting", convention, meeting.pk)))
    assert "Camille" not in page and "Personne anonymisée" in page


def test_personal_data_command_exports_then_erases(copil):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command(
        "donnees_personnelles", copil.convention.slug, "CAMILLE.martin@exemple.test", stdout=out
    )
    assert json.loads(out.getvalue())["personne"]["prenom"] == "Camille"
    with pytest.raises(CommandError, match="--confirmer"):
        call_command(
            "donnees_personnelles",
            copil.convention.slug,
            "camille.martin@exemple.test",
            "--effacer",
        )
    call_command(
        "donnees_personnelles", copil.convention.slug, "camille.martin@exemple.test", "--effacer", "--confirmer",
        stdout=StringIO(),
    )  # fmt: skip
    assert not Contact.objects.filter(email="camille.martin@exemple.test").exists()
    assert copil.members.filter(contact__function__startswith="Personne anonymisée").exists()


def test_directory_filters_by_commune_served(member_client, copil):
    from ctg_pilote.governance.models import PartnerProfile

    convention = copil.convention
    commune = convention.communes.order_by("code").first()
    profile = PartnerProfile.objects.create(organisation=convention.organisations.get(ref="epci"))
    profile.communes.set([commune])
    client, _ = member_client(convention, role="lecteur")
    text = page_text(client.get(url("partners", convention), {"commune": commune.code}))
    assert ">Agglo</a>" in text and ">CAF</a>" not in text
