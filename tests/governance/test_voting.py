import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from ctg_pilote.api.services import create_token
from ctg_pilote.governance import voting
from ctg_pilote.governance.models import Ballot, BallotPoints, Vote
from ctg_pilote.plan.models import Change
from tests.conventions.factories import ConventionFactory
from tests.plan.factories import ActionFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(convention, actions):
    vote = voting.create_vote(
        convention=convention, title="Séminaire de juin", points=10, actions=actions
    )
    voting.issue_ballots(vote=vote, count=3)
    return vote


def ballot_url(ballot):
    return reverse("governance:ballot", args=[ballot.vote.convention.slug, ballot.code])


def cast(client, ballot, *points):
    candidates = list(ballot.vote.candidates.order_by("position"))
    data = {f"c{c.pk}": p for c, p in zip(candidates, points, strict=True)}
    return client.post(ballot_url(ballot), data)


def test_a_participant_votes_with_a_code_without_an_account(client, vote):
    ballot = vote.ballots.first()
    code_page = reverse("governance:ballot_code", args=[vote.convention.slug])
    response = client.get(code_page, {"code": ballot.code.lower()})
    assert response["Location"] == ballot_url(ballot)
    page = " ".join(strip_tags(page_text(client.get(ballot_url(ballot)))).split())
    assert "Répartissez vos 10 points entre les actions" in page
    response = cast(client, ballot, 6, 4, 0)
    assert response.status_code == 302
    assert "Votre bulletin a été déposé" in page_text(client.get(ballot_url(ballot)))
    assert sorted(BallotPoints.objects.values_list("points", flat=True)) == [4, 6]


def test_an_unknown_code_gets_a_french_message(client, vote):
    code_page = reverse("governance:ballot_code", args=[vote.convention.slug])
    assert "Code inconnu" in page_text(client.get(code_page, {"code": "ZZZZZZZZ"}))


def test_points_must_add_up_and_nothing_is_saved_otherwise(client, vote):
    ballot = vote.ballots.first()
    text = page_text(cast(client, ballot, 6, 6, 0))
    assert "Vous avez réparti 12 points sur 10" in text
    assert 'value="6"' in text  # what was typed is kept
    ballot.refresh_from_db()
    assert ballot.submitted_at is None and not BallotPoints.objects.exists()


def test_a_second_ballot_from_the_same_participant_is_refused(client, vote):
    ballot = vote.ballots.first()
    cast(client, ballot, 10, 0, 0)
    text = page_text(cast(client, ballot, 0, 0, 10))
    assert "Ce bulletin a déjà été déposé le" in text
    assert list(BallotPoints.objects.values_list("points", flat=True)) == [10]


def test_a_vote_after_closing_is_refused(client, vote):
    ballot = vote.ballots.first()
    voting.close_vote(vote=vote)
    response = cast(client, ballot, 5, 5, 0)
    text = page_text(response)
    assert "est clos depuis le" in text and "votre bulletin n'a pas été enregistré" in text
    ballot.refresh_from_db()
    assert ballot.submitted_at is None and not BallotPoints.objects.exists()


def test_a_vote_past_its_closing_time_is_closed(client, vote):
    vote.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    vote.save()
    assert "votre bulletin n'a pas été enregistré" in page_text(
        cast(client, vote.ballots.first(), 10, 0, 0)
    )


def test_a_ballot_code_of_another_ctg_gives_404(client, vote):
    other = ConventionFactory()
    url = reverse("governance:ballot", args=[other.slug, vote.ballots.first().code])
    assert client.get(url).status_code == 404


def test_results_rank_the_actions_and_set_their_priority(member_client, vote, actions):
    b1, b2, b3 = vote.ballots.all()
    voting.submit_ballot(
        ballot=b1, points={c.pk: p for c, p in zip(vote.candidates.all(), (2, 8, 0), strict=True)}
    )
    voting.submit_ballot(
        ballot=b2, points={c.pk: p for c, p in zip(vote.candidates.all(), (5, 5, 0), strict=True)}
    )
    voting.submit_ballot(
        ballot=b3, points={c.pk: p for c, p in zip(vote.candidates.all(), (3, 0, 7), strict=True)}
    )
    ranked = voting.results(vote)
    assert [(r.action.number, r.total, r.rank) for r in ranked] == [
        ("1.2", 13, 1),
        ("1.1", 10, 2),
        ("1.3", 7, 3),
    ]
    client, membership = member_client(vote.convention)
    url = reverse("governance:vote_apply", args=[vote.convention.slug, vote.pk])
    client.post(url, {"top": "2"})
    assert "Clôturez le vote" in page_text(
        client.get(reverse("governance:vote", args=[vote.convention.slug, vote.pk]))
    )
    voting.close_vote(vote=vote)
    client.post(url, {"top": "2"})
    for action in actions:
        action.refresh_from_db()
    assert [(a.number, a.priority_rank, a.is_priority) for a in actions] == [
        ("1.1", 2, True),
        ("1.2", 1, True),
        ("1.3", 3, False),
    ]
    assert Change.objects.filter(
        action=actions[1], field="priority_rank", author=membership.user
    ).exists()


def test_code_page_exists_once_the_ctg_has_a_vote(client, convention, vote):
    code_page = reverse("governance:ballot_code", args=[vote.convention.slug])
    assert client.get(code_page).status_code == 200
    voting.close_vote(vote=vote)
    ballot = vote.ballots.first()
    response = client.get(code_page, {"code": ballot.code}, follow=True)
    assert "Le vote est clos depuis le" in " ".join(page_text(response).split())
    no_vote = ConventionFactory()
    assert client.get(reverse("governance:ballot_code", args=[no_vote.slug])).status_code == 404


def test_coordinator_creates_a_vote_and_issues_named_ballots(member_client, convention, actions):
    client, _ = member_client(convention)
    response = client.post(
        reverse("governance:vote_create", args=[convention.slug]),
        {"title": "Séminaire", "points": "10", "actions": [actions[0].pk]},
    )
    assert "Choisissez au moins deux actions à départager." in page_text(response)
    assert not Vote.objects.exists()
    client.post(
        reverse("governance:vote_create", args=[convention.slug]),
        {"title": "Séminaire", "points": "10", "actions": [a.pk for a in actions]},
    )
    vote = Vote.objects.get()
    client.post(
        reverse("governance:vote_ballots", args=[convention.slug, vote.pk]),
        {"count": "", "participants": "Élue de Fouras\nDirectrice du centre social\n"},
    )
    assert sorted(Ballot.objects.values_list("participant", flat=True)) == [
        "Directrice du centre social",
        "Élue de Fouras",
    ]


def _history(action) -> list[tuple]:
    return sorted(
        (c.field, c.label, c.old, c.new, c.version, c.author_id)
        for c in Change.objects.filter(action=action)
    )


def test_a_vote_sets_priorities_through_the_plan_write_route_like_the_api(
    client, member_client, vote, actions
):
    """Same history (and version) as the same change made through the API."""
    twin = ActionFactory(convention=vote.convention, node=actions[0].node, number="1.9")
    first = vote.ballots.first()
    voting.submit_ballot(
        ballot=first,
        points={c.pk: p for c, p in zip(vote.candidates.all(), (10, 0, 0), strict=True)},
    )
    voting.close_vote(vote=vote)
    page_client, membership = member_client(vote.convention)
    page_client.post(
        reverse("governance:vote_apply", args=[vote.convention.slug, vote.pk]), {"top": "1"}
    )
    page_client.logout()
    key = create_token(user=membership.user, name="Test")[1]
    response = client.patch(
        reverse("api:plan-action-detail", args=[vote.convention.slug, twin.pk]),
        {"version": twin.version, "prioritaire": True, "rang_priorite": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200, response.content
    winner = actions[0]  # the first candidate got every point
    winner.refresh_from_db()
    twin.refresh_from_db()
    assert (winner.priority_rank, winner.is_priority, winner.version) == (1, True, 2)
    assert _history(winner) == _history(twin) != []
