"""The coordination uploads data·inclusion files into its CTG's offer from a page."""

import copy
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ctg_pilote.conventions.models import Organisation
from ctg_pilote.diagnostic.models import Offer

from .test_data_inclusion import SERVICES, STRUCTURES


def _files(structures, services):
    return {
        "structures": SimpleUploadedFile("structures.json", json.dumps(structures).encode()),
        "services": SimpleUploadedFile("services.json", json.dumps(services).encode()),
    }


def _url(convention):
    return reverse("directory_ctg:data_inclusion_import", args=[convention.slug])


def test_the_offer_page_links_to_the_import(member_client, caro):
    client, _membership = member_client(caro)
    text = client.get(reverse("diagnostic:offer", args=[caro.slug])).text
    assert _url(caro) in text


def test_the_coordination_imports_and_sees_what_was_created(member_client, caro):
    client, _membership = member_client(caro)
    response = client.post(_url(caro), _files(STRUCTURES, SERVICES))
    assert response.status_code == 200
    text = response.text
    assert f"{len(SERVICES)} services créés" in text
    assert "Accompagnement aux démarches (exemple)" in text
    offer = Offer.objects.get(convention=caro, name="Accompagnement aux démarches (exemple)")
    assert offer.public_phone == "05 46 00 00 01" and offer.manager.name.startswith("CCAS")


def test_one_bad_record_names_its_place_and_saves_nothing(member_client, caro):
    client, _membership = member_client(caro)
    services = copy.deepcopy(SERVICES)
    services[1]["courriel"] = "pas une adresse"
    services[0]["description"] = "Aide"
    del services[0]["nom"]
    response = client.post(_url(caro), _files(STRUCTURES, services))
    assert response.status_code == 200
    assert "services[1].courriel : adresse de courriel invalide" in response.text
    assert "services[0].description : texte trop court (au moins 5 caractères)" in response.text
    assert "services[0].nom : champ obligatoire absent" in response.text
    assert not Offer.objects.filter(convention=caro).exists()
    assert not Organisation.objects.filter(convention=caro).exists()


def test_a_file_that_is_not_json_is_refused_in_french(member_client, caro):
    client, _membership = member_client(caro)
    files = _files(STRUCTURES, SERVICES)
    files["services"] = SimpleUploadedFile("services.json", b"nom;commune\nCreche;Fouras")
    response = client.post(_url(caro), files)
    assert "services : ce n&#x27;est pas un fichier JSON lisible" in response.text
    assert not Offer.objects.filter(convention=caro).exists()


def test_a_reader_may_not_import(member_client, caro):
    client, _membership = member_client(caro, role="lecteur")
    assert client.get(_url(caro)).status_code == 403
    assert client.post(_url(caro), _files(STRUCTURES, SERVICES)).status_code == 403
    assert not Offer.objects.filter(convention=caro).exists()
