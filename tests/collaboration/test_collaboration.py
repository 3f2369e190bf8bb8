"""Comments, mentions, follows, the feed and the notification e-mails."""

import datetime
from unittest import mock

import pytest
from django.core import mail

from ctg_pilote.collaboration import services
from ctg_pilote.collaboration.models import Comment, EmailOptOut, Notification
from ctg_pilote.collaboration.notifications import send_pending_notifications, unsubscribe_token
from ctg_pilote.pilotage.digest import send_digests
from tests.conventions.factories import (
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.plan.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    convention = ConventionFactory(slug="ctg-equipe")
    org = OrganisationFactory(convention=convention)
    action = ActionFactory(convention=convention, pilot=org, title="Réseau")
    partner = MembershipFactory(
        convention=convention,
        role="partenaire",
        organisation=org,
        user=UserFactory(email="pilote@exemple.test"),
    ).user
    coordinator = MembershipFactory(
        convention=convention, role="coordinateur", user=UserFactory(email="coord@exemple.test")
    ).user
    reader = MembershipFactory(
        convention=convention, role="lecteur", user=UserFactory(email="elu@exemple.test")
    ).user
    return convention, action, partner, coordinator, reader


def _url(convention, action, suffix="commentaires/"):
    return f"/ctg/{convention.slug}/echanges/action/{action.pk}/{suffix}"


def test_a_mention_notifies_the_member_and_names_the_unknown(client, team):
    convention, action, partner, coordinator, _reader = team
    client.force_login(partner)
    response = client.post(
        _url(convention, action), {"text": "@coord voir aussi @inconnu <b>gras</b>"}, follow=True
    )
    page = response.content.decode()
    assert "Commentaire publié." in page
    assert "@inconnu" in page and "n&#x27;ont prévenu personne" in page
    assert "&lt;b&gt;gras&lt;/b&gt;" in page  # text, never HTML
    [notification] = Notification.objects.all()
    assert (notification.user, notification.reason) == (coordinator, "mention")


def test_a_reader_reads_comments_but_cannot_write_one(client, team):
    convention, action, _partner, _coordinator, reader = team
    client.force_login(reader)
    assert client.post(_url(convention, action), {"text": "Bonjour"}).status_code == 403
    page = client.get(f"/ctg/{convention.slug}/plan/actions/{action.pk}/").content.decode()
    assert "Publier le commentaire" not in page
    assert Comment.objects.count() == 0


def test_an_action_of_another_ctg_is_not_found(client, team):
    convention, _action, partner, _c, _r = team
    elsewhere = ActionFactory()
    client.force_login(partner)
    assert client.post(_url(convention, elsewhere), {"text": "x"}).status_code == 404


def test_only_the_author_edits_or_deletes_a_comment(client, team):
    convention, action, partner, coordinator, _reader = team
    comment, _ = services.post_comment(
        convention=convention, target=action, by=partner, text="Premier jet"
    )
    edit = f"/ctg/{convention.slug}/echanges/commentaires/{comment.pk}/modifier/"
    delete = f"/ctg/{convention.slug}/echanges/commentaires/{comment.pk}/supprimer/"
    client.force_login(coordinator)
    assert client.post(edit, {"text": "Réécrit"}).status_code == 403
    assert client.post(delete).status_code == 403
    client.force_login(partner)
    client.post(edit, {"text": "Relu, @coord"})
    comment.refresh_from_db()
    assert comment.text == "Relu, @coord" and comment.edited_at is not None
    assert Notification.objects.filter(user=coordinator, reason="mention").exists()
    client.post(delete)
    assert not Comment.objects.exists()
    feed = client.get(f"/ctg/{convention.slug}/activite/").content.decode()
    assert "Commentaire supprimé." in feed and "Relu" not in feed


def test_followers_are_told_and_the_feed_shows_the_mention(client, team):
    convention, action, partner, coordinator, reader = team
    services.follow(convention=convention, target=action, user=reader)
    services.post_comment(convention=convention, target=action, by=partner, text="@coord fait")
    assert set(Notification.objects.values_list("user__email", "reason")) == {
        ("coord@exemple.test", "mention"),
        ("elu@exemple.test", "follow"),
    }
    client.force_login(coordinator)
    feed = client.get(f"/ctg/{convention.slug}/activite/").content.decode()
    assert "vous mentionne" in feed and "fait" in feed


def test_one_email_per_person_and_a_failing_address_does_not_stop_the_others(team):
    convention, action, partner, _coordinator, _reader = team
    services.post_comment(convention=convention, target=action, by=partner, text="@coord un")
    services.post_comment(convention=convention, target=action, by=partner, text="@elu deux")
    services.post_comment(convention=convention, target=action, by=partner, text="@coord trois")
    real_send = mail.send_mail

    def refusing(subject, body, sender, to, **kwargs):
        if to == ["coord@exemple.test"]:
            raise OSError("adresse refusée")
        return real_send(subject, body, sender, to, **kwargs)

    with mock.patch("ctg_pilote.collaboration.notifications.send_mail", refusing):
        report = send_pending_notifications()
    assert report.failed == ["coord@exemple.test"]
    assert [m.to for m in mail.outbox] == [["elu@exemple.test"]]
    # Kept for the next sending, which batches both mentions in one e-mail.
    mail.outbox.clear()
    report = send_pending_notifications()
    [message] = mail.outbox
    assert message.to == ["coord@exemple.test"] and "un" in message.body and "trois" in message.body
    assert send_pending_notifications().sent == []


def test_the_signed_link_unsubscribes_without_signing_in(client, team):
    convention, action, partner, coordinator, _reader = team
    url = f"/notifications/desinscription/{unsubscribe_token(coordinator)}/"
    assert client.get(url).status_code == 200
    assert not EmailOptOut.objects.exists()  # a GET (a mail scanner) changes nothing
    client.post(url)
    assert EmailOptOut.objects.filter(user=coordinator).exists()
    assert client.get("/notifications/desinscription/faux-jeton/").status_code == 404
    services.post_comment(convention=convention, target=action, by=partner, text="@coord x")
    assert send_pending_notifications().sent == []


def test_the_digest_goes_on_when_one_address_fails(team):
    _convention, action, _partner, _coordinator, _reader = team
    action.start_date, action.end_date = datetime.date(2019, 1, 1), datetime.date(2020, 1, 1)
    action.save()
    other = ConventionFactory(slug="ctg-zz")
    ActionFactory(
        convention=other,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    MembershipFactory(
        convention=other, role="coordinateur", user=UserFactory(email="z@exemple.test")
    )
    real_send = mail.send_mail

    def refusing(subject, body, sender, to, **kwargs):
        if to == ["coord@exemple.test"]:
            raise OSError("adresse refusée")
        return real_send(subject, body, sender, to, **kwargs)

    with mock.patch("ctg_pilote.pilotage.digest.send_mail", refusing):
        report = send_digests()
    assert sorted(m.to[0] for m in mail.outbox) == ["pilote@exemple.test", "z@exemple.test"]
    assert any("coord@exemple.test" in p for p in report.problems)


def test_decisions_and_findings_are_commented_where_they_are_shown(client, team):
    from ctg_pilote.diagnostic.models import SynthesisBlock
    from tests.governance.factories import DecisionFactory

    convention, _action, partner, coordinator, _reader = team
    decision = DecisionFactory(meeting__convention=convention)
    block = SynthesisBlock.objects.create(convention=convention, title="Petite enfance")
    client.force_login(partner)
    base = f"/ctg/{convention.slug}/echanges"
    response = client.post(f"{base}/decision/{decision.pk}/commentaires/", {"text": "@coord ok"})
    assert response.url.endswith(
        f"/reunions/{decision.meeting_id}/#commentaires-decision-{decision.pk}"
    )
    client.post(f"{base}/constat/{block.pk}/commentaires/", {"text": "Constat partagé"})
    meeting = client.get(f"/ctg/{convention.slug}/gouvernance/reunions/{decision.meeting_id}/")
    assert "@coord ok" in meeting.content.decode()
    syntheses = client.get(f"/ctg/{convention.slug}/diagnostic/syntheses/").content.decode()
    assert "Constat partagé" in syntheses
    assert Notification.objects.filter(user=coordinator, reason="mention").count() == 1
