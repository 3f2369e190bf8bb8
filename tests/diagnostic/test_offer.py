import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ctg_pilote.diagnostic.models import IndicatorValue, Offer
from ctg_pilote.diagnostic.portrait import comparison
from tests.conventions.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = "type;nom;gestionnaire;commune;places;age_min;age_max;unite_age;communes_desservies"


def upload(lines, name="offre.csv"):
    return SimpleUploadedFile(name, "\r\n".join(lines).encode("cp1252"))


def test_offer_import_then_places_feed_the_coverage_rate(member_client, rochefort, write_csv):
    from ctg_pilote.diagnostic.importer import import_indicator_file

    OrganisationFactory(convention=rochefort, ref="caro", name="CARO")
    client, _ = member_client(rochefort, "coordinateur")
    lines = [
        HEADER,
        "eaje;Multi-accueil des Fourriers;caro;Rochefort;40;3;36;mois;",
        "micro-creche;Micro-crèche du port;;17168;10;;;;",
        "mam;MAM des marais;;Fouras;16;;;;",
        "bus-france-services;Bus France Services;caro;;;;;;Île-d'Aix, Moëze",
    ]
    response = client.post(
        reverse("diagnostic:offer_import", args=[rochefort.slug]),
        {"file": upload(lines), "source": "Inventaire test"},
    )
    assert response.status_code == 302
    creche = Offer.objects.get(name="Multi-accueil des Fourriers")
    assert (creche.age_min, creche.age_max, creche.age_unit) == (3, 36, "mois")
    assert creche.manager.ref == "caro" and creche.commune.code == "17299"
    bus = Offer.objects.get(name="Bus France Services")
    assert bus.is_itinerant and {c.code for c in bus.communes_served.all()} == {"17004", "17237"}

    # Children under 3 for the same year, then the places of the inventory.
    children = [["CODGEO", "P26_POP0002"]] + [
        [c, 50] for c in rochefort.communes.values_list("code", flat=True)
    ]
    import_indicator_file(write_csv(children))
    response = client.post(reverse("diagnostic:offer_feed_places", args=[rochefort.slug]))
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(indicator__code="places-eaje", value=0).count() == 23
    _, rows = comparison(rochefort)
    coverage = next(r for r in rows if r.indicator.code == "taux-couverture-petite-enfance")
    territory = {a.key: agg for a, agg in coverage.cells}["territoire"]
    assert territory.value == pytest.approx((40 + 10 + 16) / (50 * 25) * 100)


def test_offer_import_refuses_the_whole_file_with_line_numbers(member_client, rochefort):
    client, _ = member_client(rochefort, "caf")
    lines = [HEADER, "eaje;Crèche A;;Rochefort;20;;;;", "soucoupe;B;inconnue;Paris;dix;;;;"]
    response = client.post(
        reverse("diagnostic:offer_import", args=[rochefort.slug]),
        {"file": upload(lines), "source": "Test"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ligne 3, colonne type : type d&#x27;offre « soucoupe » inconnu" in page
    assert "ligne 3, colonne gestionnaire : organisation « inconnue » inconnue" in page
    assert "ligne 3, colonne commune : « Paris » n&#x27;est pas une commune de la CTG" in page
    assert "ligne 3, colonne places : « dix » n&#x27;est pas un nombre entier positif" in page
    assert not Offer.objects.exists()


@pytest.mark.parametrize("role", ["lecteur", "partenaire"])
def test_only_editors_change_the_offer(member_client, rochefort, role):
    kwargs = {"partenaire": True} if role == "partenaire" else {}
    client, _ = member_client(rochefort, role, **kwargs)
    response = client.post(
        reverse("diagnostic:offer_import", args=[rochefort.slug]),
        {"file": upload([HEADER, "eaje;Crèche;;Rochefort;20;;;;"]), "source": "Test"},
    )
    assert response.status_code == 403
    response = client.post(reverse("diagnostic:offer_feed_places", args=[rochefort.slug]))
    assert response.status_code == 403
    assert not Offer.objects.exists()
    assert not IndicatorValue.objects.filter(indicator__code="places-eaje").exists()


def test_offer_contacts_are_for_members_only(client, member_client, rochefort):
    from ctg_pilote.diagnostic.models import OfferType

    Offer.objects.create(
        convention=rochefort,
        offer_type=OfferType.objects.get(code="rpe"),
        name="RPE test",
        contact="rpe@exemple.test",
    )
    url = reverse("diagnostic:offer", args=[rochefort.slug])
    assert client.get(url).status_code == 302
    member, _ = member_client(rochefort, "lecteur")
    assert "rpe@exemple.test" in member.get(url).content.decode()
