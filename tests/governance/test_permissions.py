"""Who may open and change governance pages, proven through HTTP."""

import pytest
from django.urls import reverse

from ctg_pilote.governance.models import Decision, Instance, Meeting
from tests.governance.factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

READ_PAGES = [
    ("index", ()),
    ("instances", ()),
    ("decisions", ()),
    ("agenda", ()),
    ("feed", ()),
    ("demarche", ()),
    ("schemes", ()),
    ("partners", ()),
    ("network", ()),
    ("votes", ()),
]


def url(name, convention, *args):
    return reverse(f"governance:{name}", args=[convention.slug, *args])


@pytest.mark.parametrize(("name", "args"), READ_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, convention, name, args):
    response = client.get(url(name, convention, *args))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


@pytest.mark.parametrize(("name", "args"), READ_PAGES)
def test_members_of_another_ctg_get_403(outsider_client, convention, name, args):
    assert outsider_client.get(url(name, convention, *args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), READ_PAGES)
def test_every_member_reads_the_governance_pages(member_client, convention, name, args):
    client, _ = member_client(convention, role="lecteur")
    assert client.get(url(name, convention, *args)).status_code == 200


@pytest.mark.parametrize("role", ["lecteur", "partenaire"])
def test_readers_and_partners_cannot_change_anything(member_client, copil, role):
    convention = copil.convention
    meeting = MeetingFactory(instance=copil)
    decision = DecisionFactory(meeting=meeting)
    client, _ = member_client(
        convention, role=role, **({"partenaire": True} if role == "partenaire" else {})
    )
    attempts = [
        (url("instance_create", convention), {"name": "Nouvelle", "kind": "copil"}),
        (url("meeting_create", convention), {"instance": copil.pk, "title": "X", "starts_at": "2026-01-01T10:00"}),
        (url("decision_create", convention, meeting.pk), {"text": "X", "owner_organisation": decision.owner_organisation_id}),
        (url("decision_follow", convention, decision.pk), {"status": "faite"}),
        (url("meeting_minutes", convention, meeting.pk), {"minutes": "<p>changé</p>"}),
        (url("meeting_send", convention, meeting.pk), {}),
        (url("personal_data", convention), {}),
    ]  # fmt: skip
    for target, data in attempts:
        response = client.post(target, data)
        assert response.status_code == 403, target
        assert "Seuls la coordination de la CTG et la CAF" in response.content.decode()
    assert Instance.objects.count() == 1 and Meeting.objects.count() == 1
    decision.refresh_from_db()
    meeting.refresh_from_db()
    assert decision.status == "ouverte" and Decision.objects.count() == 1 and meeting.minutes == ""


def test_the_caf_manages_governance(member_client, copil):
    client, _ = member_client(copil.convention, role="caf")
    response = client.post(
        url("instance_create", copil.convention), {"name": "Comité technique", "kind": "cotech"}
    )
    assert response.status_code == 302
    assert Instance.objects.filter(ref="comite-technique").exists()


def test_objects_of_another_ctg_give_404(member_client, convention):
    other_meeting = MeetingFactory()
    other_decision = DecisionFactory()
    client, _ = member_client(convention)
    assert client.get(url("meeting", convention, other_meeting.pk)).status_code == 404
    assert client.get(url("instance", convention, other_meeting.instance_id)).status_code == 404
    response = client.post(
        url("decision_follow", convention, other_decision.pk), {"status": "faite"}
    )
    assert response.status_code == 404
    other_decision.refresh_from_db()
    assert other_decision.status == "ouverte"
