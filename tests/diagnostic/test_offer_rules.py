"""An offer's rules hold on every route (form, file import, exchange document, API):
ages in order, no duplicate (same CTG, type, commune and name), contact details of the right
shape; each refusal says in French where the problem is, and nothing is saved."""

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ctg_pilote.api.services import create_token
from ctg_pilote.conventions.models import Convention
from ctg_pilote.diagnostic.models import Offer, OfferType
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from tests.conventions.factories import MembershipFactory
from tests.diagnostic.test_exchange import rich_document

pytestmark = pytest.mark.django_db

AGES = "L'âge maximum ne peut pas être inférieur à l'âge minimum."
AGES_HTML = AGES.replace("'", "&#x27;")
DUPLICATE = "La CTG a déjà un équipement ou service de ce type et de ce nom dans cette commune."
DUPLICATE_HTML = DUPLICATE.replace("'", "&#x27;")


def eaje():
    return OfferType.objects.get(code="eaje")


def rochefort_commune(convention):
    return convention.communes.get(code="17299")


# ---- the offer form ------------------------------------------------------------------------


def form_data(convention, **changes):
    data = {
        "offer_type": eaje().pk,
        "name": "Crèche des Mouettes",
        "commune": rochefort_commune(convention).pk,
        "age_unit": "ans",
        "source": "Recensement",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_adds_an_offer_with_its_declared_public_contact(member_client, rochefort):
    client, _ = member_client(rochefort, "coordinateur")
    url = reverse("diagnostic:offer_create", args=[rochefort.slug])
    data = form_data(
        rochefort,
        public_phone="05 46 00 11 22",
        public_email="accueil@mouettes.example.fr",
        contact="Mme Claire Martin 06 12 34 56 78",
    )
    assert client.post(url, data).status_code == 302
    offer = Offer.objects.get(name="Crèche des Mouettes")
    assert offer.public_phone == "05 46 00 11 22"
    assert offer.contact == "Mme Claire Martin 06 12 34 56 78"

    edit = reverse("diagnostic:offer_edit", args=[rochefort.slug, offer.pk])
    assert client.post(edit, {**data, "age_min": 1, "age_max": 3}).status_code == 302
    offer.refresh_from_db()
    assert (offer.age_min, offer.age_max) == (1, 3)


def test_the_form_refuses_inverted_ages_a_duplicate_and_a_bad_phone(member_client, rochefort):
    Offer.objects.create(
        convention=rochefort,
        offer_type=eaje(),
        name="Crèche des Mouettes",
        commune=rochefort_commune(rochefort),
    )
    client, _ = member_client(rochefort, "coordinateur")
    url = reverse("diagnostic:offer_create", args=[rochefort.slug])

    response = client.post(url, form_data(rochefort, name="Autre crèche", age_min=6, age_max=3))
    assert response.status_code == 200
    assert response.context["form"].errors["age_max"] == [AGES]
    assert AGES_HTML in response.text

    response = client.post(url, form_data(rochefort))
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [DUPLICATE]

    response = client.post(url, form_data(rochefort, name="Autre", public_phone="06 12 34"))
    assert "n&#x27;est pas un numéro de téléphone" in response.text
    assert "public_phone" in response.context["form"].errors

    response = client.post(
        url, form_data(rochefort, name="Autre", public_website="javascript:alert(1)")
    )
    assert "public_website" in response.context["form"].errors
    assert Offer.objects.count() == 1


def test_the_same_name_elsewhere_or_of_another_type_is_not_a_duplicate(member_client, rochefort):
    Offer.objects.create(convention=rochefort, offer_type=eaje(), name="Les Lutins")
    client, _ = member_client(rochefort, "coordinateur")
    url = reverse("diagnostic:offer_create", args=[rochefort.slug])
    assert client.post(url, form_data(rochefort, name="Les Lutins")).status_code == 302
    other_type = form_data(rochefort, name="Les Lutins", commune=None)
    other_type["offer_type"] = OfferType.objects.get(code="rpe").pk
    assert client.post(url, other_type).status_code == 302
    # Without a commune, the same type and name is a duplicate too.
    response = client.post(url, form_data(rochefort, name="Les Lutins", commune=None))
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert Offer.objects.count() == 3


def test_only_editors_open_the_offer_form(member_client, rochefort):
    client, _ = member_client(rochefort, "lecteur")
    url = reverse("diagnostic:offer_create", args=[rochefort.slug])
    assert client.post(url, form_data(rochefort)).status_code == 403
    assert not Offer.objects.exists()


# ---- the offer file import -----------------------------------------------------------------

HEADER = "type;nom;commune;age_min;age_max;telephone_public;courriel_public"


def upload(lines):
    return SimpleUploadedFile("offre.csv", "\r\n".join(lines).encode("utf-8"))


def post_import(client, convention, lines):
    return client.post(
        reverse("diagnostic:offer_import", args=[convention.slug]),
        {"file": upload(lines), "source": "Inventaire"},
    )


def test_the_import_names_the_row_and_column_of_inverted_ages_and_duplicates(
    member_client, rochefort
):
    Offer.objects.create(
        convention=rochefort,
        offer_type=eaje(),
        name="Crèche déjà là",
        commune=rochefort_commune(rochefort),
    )
    client, _ = member_client(rochefort, "coordinateur")
    lines = [
        HEADER,
        "eaje;Crèche A;Rochefort;6;3;;",
        "eaje;Crèche B;Rochefort;;;05 46 00 00 00;accueil@b.example.fr",
        "eaje;Crèche B;Rochefort;;;;",
        "eaje;Crèche déjà là;Rochefort;;;;",
        "eaje;Crèche C;Rochefort;;;06 12;pas-un-courriel",
    ]
    response = post_import(client, rochefort, lines)
    page = response.text
    assert response.status_code == 200
    assert f"ligne 2, colonne age_max : {AGES_HTML}" in page
    assert "ligne 4, colonne nom : « Crèche B » figure déjà ligne 3" in page
    assert f"ligne 5, colonne nom : {DUPLICATE_HTML}" in page
    assert "ligne 6, colonne telephone_public : « 06 12 » n&#x27;est pas un numéro" in page
    assert "ligne 6, colonne courriel_public :" in page
    assert Offer.objects.count() == 1

    response = post_import(client, rochefort, [HEADER, lines[2]])
    assert response.status_code == 302
    assert Offer.objects.get(name="Crèche B").public_email == "accueil@b.example.fr"


# ---- the exchange document -----------------------------------------------------------------


def problems_of(document):
    with pytest.raises(ExchangeError) as error:
        import_document(copy.deepcopy(document))
    return [str(p) for p in error.value.problems]


def test_the_exchange_import_refuses_inverted_ages_duplicates_and_bad_contacts_with_paths():
    doc = rich_document()
    items = doc["diagnostic"]["offre"]["equipements"]
    last = len(items) - 1
    items[last].update(age_min=36, age_max=3)
    items.append(copy.deepcopy(items[0]))
    items[0]["telephone_public"] = "12"
    items[0]["courriel_public"] = "prenom.nom@"
    messages = problems_of(doc)
    path = "diagnostic.offre.equipements"
    assert f"{path}[{last}].age_max : {AGES}" in messages
    assert (
        f"{path}[{last + 1}].nom : « {items[0]['nom']} » figure déjà en offre.equipements[0] "
        "(même type, même commune)"
    ) in messages
    assert any(m.startswith(f"{path}[0].telephone_public : « 12 »") for m in messages)
    assert any(m.startswith(f"{path}[0].courriel_public : ") for m in messages)
    assert not Convention.objects.exists()


# ---- the API -------------------------------------------------------------------------------


def test_the_api_refuses_a_duplicate_on_its_name_and_keeps_the_declared_contact(client, rochefort):
    membership = MembershipFactory(convention=rochefort, role="coordinateur")
    _token, raw_key = create_token(user=membership.user, name="Observatoire")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    url = f"/api/v1/ctg/{rochefort.slug}/diagnostic/offre/"
    body = {
        "type": "eaje",
        "nom": "Crèche",
        "commune": "17299",
        "telephone_public": "05 46 00 11 22",
        "courriel_public": "accueil@creche.example.fr",
    }
    response = client.post(url, body, content_type="application/json", **auth)
    assert response.status_code == 201, response.json()
    assert response.json()["telephone_public"] == "05 46 00 11 22"
    response = client.post(url, body, content_type="application/json", **auth)
    assert response.status_code == 400
    assert response.json()["details"]["nom"] == [DUPLICATE]
    bad = {**body, "nom": "Autre", "telephone_public": "1234567"}
    response = client.post(url, bad, content_type="application/json", **auth)
    assert response.status_code == 400 and "telephone_public" in response.json()["details"]
    assert Offer.objects.count() == 1
