import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Convention, Membership, Organisation, Zone
from ctg_pilote.territories.models import Epci
from tests.conventions.factories import ConventionFactory, MembershipFactory, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

ROCHEFORT_OCEAN = "200041762"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(admin=True))
    return client


def create(client, **overrides):
    data = {
        "epci": ROCHEFORT_OCEAN,
        "name": "CTG Rochefort Océan",
        "slug": "",
        "start_year": "2023",
        "end_year": "2027",
        "thematiques": [],
    }
    data.update(overrides)
    return client.post(reverse("conventions:create"), data)


def test_epci_search_by_name_and_by_siren(admin_client):
    url = reverse("territories:epci_search")
    by_name = page_text(admin_client.get(url, {"q": "rochefort"}))
    assert "CA Rochefort Océan" in by_name and "25 communes" in by_name
    by_siren = page_text(admin_client.get(url, {"q": "2000417"}))
    assert "CA Rochefort Océan" in by_siren
    nothing = page_text(admin_client.get(url, {"q": "zzzz"}))
    assert "Aucun EPCI ne correspond" in nothing


def test_creating_a_ctg_from_an_epci_fills_its_communes_and_signatories(admin_client):
    response = create(admin_client)
    convention = Convention.objects.get(slug="ctg-rochefort-ocean")
    # Then « Premiers pas »: the usual instances, phases and thématiques (tests/collaboration).
    assert response.status_code == 302
    assert response["Location"] == f"/ctg/{convention.slug}/premiers-pas/"
    assert convention.communes.count() == 25
    assert convention.caf_departement.code == "17"
    assert set(convention.organisations.signatories().values_list("kind", flat=True)) == {
        "caf",
        "epci",
    }
    page = page_text(admin_client.get(convention.get_absolute_url()))
    assert "Rochefort" in page and "Tonnay-Charente" in page
    assert f"{convention.vintage.source}, 2026" in page  # figures say their source and year


def test_creator_becomes_coordinator(client):
    user = MembershipFactory(role="coordinateur").user
    client.force_login(user)
    create(client)
    membership = Membership.objects.get(convention__slug="ctg-rochefort-ocean", user=user)
    assert membership.role == "coordinateur"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"epci": "999999999"}, "epci", "EPCI inconnu : aucun EPCI n'a le SIREN « 999999999 »"),
        ({"epci": ""}, "epci", "Choisissez l'EPCI de la CTG dans la liste."),
        (
            {"end_year": "2020"},
            "end_year",
            "La période se termine en 2020, avant de commencer en 2023.",
        ),
        ({"start_year": "vingt"}, "start_year", "Indiquez une année sur quatre chiffres"),
    ],
)
def test_creation_errors_are_clear_and_save_nothing(admin_client, overrides, field, message):
    response = create(admin_client, **overrides)
    assert response.status_code == 200
    assert message in page_text(response)
    assert message in " ".join(str(e) for e in response.context["form"].errors[field])
    assert not Convention.objects.exists()


def test_duplicate_slug_is_refused(admin_client):
    ConventionFactory(slug="ctg-rochefort-ocean")
    response = create(admin_client)
    assert "Une CTG porte déjà l'identifiant « ctg-rochefort-ocean »" in page_text(response)
    assert Convention.objects.count() == 1


def test_people_without_a_coordinating_role_cannot_create(client):
    client.force_login(MembershipFactory(role="lecteur").user)
    assert client.get(reverse("conventions:create")).status_code == 403
    assert create(client).status_code == 403
    assert not Convention.objects.filter(epci__siren=ROCHEFORT_OCEAN).exists()


def test_a_commune_cannot_be_in_two_zones(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention)
    first, second = convention.communes.order_by("code")[:2]
    url = reverse("conventions:zone_create", kwargs={"slug": convention.slug})
    assert (
        client.post(url, {"name": "Nord", "position": 0, "communes": [first.pk]}).status_code == 302
    )
    response = client.post(url, {"name": "Sud", "position": 1, "communes": [first.pk, second.pk]})
    assert f"{first.name} est déjà dans la zone « Nord »" in page_text(response)
    assert list(Zone.objects.filter(convention=convention).values_list("name", flat=True)) == [
        "Nord"
    ]


def test_zone_population_is_the_sum_of_its_communes(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention)
    communes = list(convention.communes.all())
    communes[0].population, communes[1].population = 1234, 4321
    for commune in communes[:2]:
        commune.save()
    client.post(
        reverse("conventions:zone_create", kwargs={"slug": convention.slug}),
        {"name": "Littoral", "position": 0, "communes": [c.pk for c in communes[:2]]},
    )
    page = page_text(client.get(convention.get_absolute_url()))
    assert "5\u202f555" in page or "5 555" in page


def test_duplicate_organisation_name_is_a_clear_error(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention, role="caf")
    url = reverse("conventions:organisation_create", kwargs={"slug": convention.slug})
    data = {"name": "Centre social du Port", "kind": "centre_social"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert "Une organisation de cette CTG porte déjà ce nom." in page_text(response)
    assert Organisation.objects.filter(convention=convention).count() == 1


def test_partner_role_needs_an_organisation(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention)
    response = client.post(
        reverse("conventions:members", kwargs={"slug": convention.slug}),
        {"email": "nouveau@exemple.test", "role": "partenaire"},
    )
    assert "Un partenaire doit être rattaché à une organisation." in page_text(response)
    assert not Membership.objects.filter(user__email="nouveau@exemple.test").exists()


def test_map_data_has_every_commune_with_name_and_population(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention, role="lecteur")
    data = client.get(
        reverse("conventions:communes_geojson", kwargs={"slug": convention.slug})
    ).json()
    assert data["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in data["features"]} == set(
        convention.communes.values_list("code", flat=True)
    )
    assert all(f["properties"]["population"] == 1000 for f in data["features"])


def test_epci_of_the_official_data_has_its_departement(db):
    assert Epci.objects.get(siren=ROCHEFORT_OCEAN, vintage__year=2026).departement.code == "17"
