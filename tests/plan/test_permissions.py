"""Who may do what on the plan, proved through HTTP."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from ctg_pilote.plan.models import Action, Node, Note
from tests.conventions.factories import ConventionFactory, MembershipFactory
from tests.plan.factories import ActionFactory, IndicatorFactory, NodeFactory, no_formset_rows
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def plan_patterns():
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "plan":
            return [p for p in entry.url_patterns if isinstance(p, URLPattern)]
    return []


def plan_url_names():
    return [p.name for p in plan_patterns()]


def urls_for(convention):
    """Every plan URL, with ids of objects belonging to `convention`."""
    action = ActionFactory(convention=convention)
    document = action.documents.create(title="doc", file="plan/x.pdf", size=1)
    snapshot = convention.plan_snapshots.create(label="Avant COPIL", data={})
    indicator = IndicatorFactory(action=action)
    pks = {
        "action_pk": action.pk,
        "node_pk": action.node.pk,
        "pk": {
            "document": document.pk,
            "node_edit": action.node.pk,
            "node_move": action.node.pk,
            "node_delete": action.node.pk,
            "snapshot": snapshot.pk,
            "indicator_edit": indicator.pk,
        },
    }
    urls = {}
    for pattern in plan_patterns():
        kwargs = {"slug": convention.slug}
        for group in pattern.pattern.regex.groupindex:
            if group == "pk":
                kwargs["pk"] = pks["pk"].get(pattern.name, action.pk)
            elif group != "slug":
                kwargs[group] = pks[group]
        urls[pattern.name] = reverse(f"plan:{pattern.name}", kwargs=kwargs)
    return urls


def test_the_plan_has_its_pages():
    assert len(plan_url_names()) >= 15


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name, url in urls_for(ConventionFactory()).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_member_of_another_ctg_is_refused_everywhere(client):
    mine, theirs = ConventionFactory(), ConventionFactory()
    client.force_login(MembershipFactory(convention=mine, role="coordinateur").user)
    for name, url in urls_for(theirs).items():
        for method in (client.get, client.post):
            assert method(url).status_code == 403, f"{method.__name__} {name}"
    assert Action.objects.filter(convention=theirs).count() == 1
    assert Node.objects.filter(convention=theirs).count() == 1


def test_ids_of_another_ctg_under_my_ctg_are_not_found(client):
    mine, theirs = ConventionFactory(), ConventionFactory()
    client.force_login(MembershipFactory(convention=mine, role="coordinateur").user)
    for name, url in urls_for(theirs).items():
        if not set(get_resolver().resolve(url).kwargs) - {"slug"}:
            continue
        guessed = url.replace(f"/ctg/{theirs.slug}/", f"/ctg/{mine.slug}/")
        assert client.post(guessed).status_code == 404, name
    assert Note.objects.count() == 0


def _edit_payload(action, **changes):
    data = {
        "number": action.number,
        "title": action.title,
        "node": action.node_id,
        "status": action.status,
        "progress": action.progress,
        "whole_territory": "on",
        "participation": "",
        "version": action.version,
        **no_formset_rows(),
    }
    data.update(changes)
    return data


def test_partner_edits_the_action_its_organisation_pilots_only(client, plan, convention):
    membership = MembershipFactory(
        convention=convention, role="partenaire", organisation=plan["pilot_org"]
    )
    client.force_login(membership.user)
    mine, other = plan["actions"][2], plan["actions"][0]

    response = client.post(
        reverse("plan:action_edit", args=[convention.slug, other.pk]),
        _edit_payload(other, title="Titre piraté"),
    )
    assert response.status_code == 403
    assert "l'organisation pilote" in page_text(response)
    other.refresh_from_db()
    assert other.title == "Réseau petite enfance"

    response = client.post(
        reverse("plan:action_edit", args=[convention.slug, mine.pk]),
        _edit_payload(mine, title="Transport à la demande", description="Nouveau"),
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Transport à la demande"
    # The partner cannot hand the action to another organisation.
    assert mine.pilot == plan["pilot_org"]


def test_partner_adds_notes_to_actions_it_partners_but_does_not_change_them(
    client, plan, convention
):
    membership = MembershipFactory(
        convention=convention, role="partenaire", organisation=plan["partner_org"]
    )
    client.force_login(membership.user)
    partnered, unrelated = plan["actions"][2], plan["actions"][1]

    response = client.post(
        reverse("plan:note_add", args=[convention.slug, partnered.pk]), {"text": "Réunion tenue."}
    )
    assert response.status_code == 302
    assert partnered.notes.get().text == "Réunion tenue."

    assert (
        client.post(
            reverse("plan:note_add", args=[convention.slug, unrelated.pk]), {"text": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("plan:action_edit", args=[convention.slug, partnered.pk]),
            _edit_payload(partnered, title="Changé"),
        ).status_code
        == 403
    )
    # In the quick update, status and progress are locked for a partner.
    client.post(
        reverse("plan:quick_update", args=[convention.slug, partnered.pk]),
        {"version": partnered.version, "status": "realisee", "progress": 100, "note": "Fait"},
    )
    partnered.refresh_from_db()
    assert (partnered.status, partnered.progress) == ("a_lancer", 0)
    assert partnered.notes.count() == 2


@pytest.mark.parametrize("role", ["lecteur", "partenaire"])
def test_readers_and_partners_cannot_change_the_tree_or_import(client, plan, convention, role):
    kwargs = {"partenaire": True} if role == "partenaire" else {"role": role}
    client.force_login(MembershipFactory(convention=convention, **kwargs).user)
    assert client.get(reverse("plan:index", args=[convention.slug])).status_code == 200
    node = plan["nodes"][1]
    for url in (
        reverse("plan:node_move", args=[convention.slug, node.pk]),
        reverse("plan:node_create", args=[convention.slug]),
        reverse("plan:import", args=[convention.slug]),
        reverse("plan:action_create", args=[convention.slug]),
        reverse("plan:node_delete", args=[convention.slug, node.pk]),
        reverse("plan:action_delete", args=[convention.slug, plan["actions"][2].pk]),
        reverse("plan:levels", args=[convention.slug]),
    ):
        assert client.post(url, {"direction": "up", "title": "x"}).status_code == 403, url
    assert (
        client.post(reverse("plan:snapshots", args=[convention.slug]), {"label": "x"}).status_code
        == 403
    )
    assert [n.number for n in Node.objects.filter(convention=convention).order_by("sort_key")] == [
        "1",
        "2",
    ]
    assert Node.objects.filter(convention=convention).count() == 2
    assert Action.objects.filter(convention=convention).count() == 3


def test_reader_cannot_follow_up(client, plan, convention):
    client.force_login(MembershipFactory(convention=convention, role="lecteur").user)
    action = plan["actions"][0]
    assert client.get(reverse("plan:action", args=[convention.slug, action.pk])).status_code == 200
    assert (
        client.post(
            reverse("plan:note_add", args=[convention.slug, action.pk]), {"text": "x"}
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("plan:quick_update", args=[convention.slug, action.pk])).status_code
        == 403
    )
    assert not Note.objects.exists()


@pytest.mark.parametrize("role", ["coordinateur", "caf"])
def test_coordinator_and_caf_edit_any_action(client, plan, convention, role):
    client.force_login(MembershipFactory(convention=convention, role=role).user)
    action = plan["actions"][2]
    response = client.post(
        reverse("plan:action_edit", args=[convention.slug, action.pk]),
        _edit_payload(action, progress=70),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.progress == 70


def test_other_ctg_nodes_are_not_offered_as_parents(client, convention):
    other = NodeFactory()
    client.force_login(MembershipFactory(convention=convention).user)
    url = reverse("plan:node_create", args=[convention.slug]) + f"?parent={other.pk}"
    assert client.get(url).status_code == 404
