"""Two API clients change the same object from the same read: the second gets a 409."""

import pytest

from ctg_pilote.api.services import create_token
from ctg_pilote.conventions.models import Convention
from ctg_pilote.diagnostic.catalogue import ensure_catalogue
from ctg_pilote.diagnostic.models import Offer, OfferType
from ctg_pilote.governance.models import Decision
from ctg_pilote.plan.models import Action, Indicator, IndicatorValue, Node
from tests.conventions.factories import MembershipFactory
from tests.governance.factories import DecisionFactory, InstanceFactory, MeetingFactory
from tests.plan.factories import (
    ActionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NodeFactory,
)

pytestmark = pytest.mark.django_db


def _offer(convention):
    ensure_catalogue()
    return Offer.objects.create(
        convention=convention, offer_type=OfferType.objects.get(code="eaje"), name="Crèche"
    )


def _decision(convention):
    return DecisionFactory(meeting=MeetingFactory(instance=InstanceFactory(convention=convention)))


# name: (make the object, its address below /api/v1/ctg/<slug>/, a text key, where it is saved)
WRITES = {
    "ctg": (lambda c: c, lambda o: "", "nom", Convention, "name"),
    "element du plan": (
        lambda c: NodeFactory(convention=c),
        lambda o: f"plan/noeuds/{o.pk}/",
        "titre",
        Node,
        "title",
    ),
    "fiche action": (
        lambda c: ActionFactory(convention=c),
        lambda o: f"plan/actions/{o.pk}/",
        "titre",
        Action,
        "title",
    ),
    "indicateur du plan": (
        lambda c: IndicatorFactory(action=ActionFactory(convention=c)),
        lambda o: f"plan/indicateurs/{o.pk}/",
        "intitule",
        Indicator,
        "name",
    ),
    "valeur mesuree": (
        lambda c: IndicatorValueFactory(
            indicator=IndicatorFactory(action=ActionFactory(convention=c)), year=2025, value=12
        ),
        lambda o: f"plan/indicateurs/{o.indicator_id}/valeurs/2025/",
        "commentaire",
        IndicatorValue,
        "comment",
    ),
    "offre": (_offer, lambda o: f"diagnostic/offre/{o.pk}/", "nom", Offer, "name"),
    "decision": (
        _decision,
        lambda o: f"gouvernance/decisions/{o.pk}/",
        "echeance",
        Decision,
        "due_on",
    ),
}
VALUES = {"echeance": ("2027-01-31", "2027-06-30")}


def caller(client, convention):
    membership = MembershipFactory(convention=convention, role="coordinateur")
    _token, raw_key = create_token(user=membership.user, name="Outil")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}

    def patch(url, data):
        return client.patch(url, data, content_type="application/json", **headers)

    return (lambda url: client.get(url, **headers)), patch


@pytest.mark.parametrize("name", list(WRITES))
def test_a_patch_from_an_outdated_version_is_a_409_and_changes_nothing(client, convention, name):
    make, path, key, model, attribute = WRITES[name]
    obj = make(convention)
    url = f"/api/v1/ctg/{convention.slug}/{path(obj)}"
    get, patch = caller(client, convention)
    first, second = VALUES.get(key, ("Par le premier outil", "Par le second outil"))
    read = get(url).json()
    assert isinstance(read["version"], int)

    response = patch(url, {"version": read["version"], key: first})
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == read["version"] + 1

    response = patch(url, {"version": read["version"], key: second})
    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["code"] == "conflict"
    assert "Rien n'a été enregistré" in body["message"]
    assert body["details"]["version_actuelle"] == read["version"] + 1
    saved = model.objects.get(pk=obj.pk)
    assert str(getattr(saved, attribute)) == first
    assert saved.version == read["version"] + 1

    # With the version it now reads, the second tool's change goes through.
    response = patch(url, {"version": body["details"]["version_actuelle"], key: second})
    assert response.status_code == 200, response.json()
    assert str(getattr(model.objects.get(pk=obj.pk), attribute)) == second


@pytest.mark.parametrize("version", [10**20, 0, "deux"])
def test_a_forged_version_is_a_400_naming_it(client, convention, version):
    _get, patch = caller(client, convention)
    url = f"/api/v1/ctg/{convention.slug}/"
    response = patch(url, {"version": version, "nom": "Renommée"})
    assert response.status_code == 400
    assert "version" in response.json()["details"]
    assert Convention.objects.get(pk=convention.pk).name != "Renommée"
