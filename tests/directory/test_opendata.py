"""Open data in the data·inclusion schema: every record validates with the package's models."""

import pytest
from data_inclusion.schema import v1
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ctg_pilote.conventions.models import Organisation
from ctg_pilote.core import revisions
from ctg_pilote.diagnostic.catalogue import OFFER_TYPES
from ctg_pilote.diagnostic.models import OfferType
from ctg_pilote.directory import opendata
from ctg_pilote.directory.typology import TYPE_DATA_INCLUSION

from .factories import ServiceFactory


def test_every_offer_type_has_a_data_inclusion_mapping_the_schema_accepts():
    assert {code for code, *_ in OFFER_TYPES} == set(TYPE_DATA_INCLUSION)
    for thematiques, kind in TYPE_DATA_INCLUSION.values():
        assert [v1.Thematique(t) for t in thematiques]
        assert v1.TypeService(kind)


def test_structures_and_services_validate_and_leave_out_fictitious_and_people(
    client, caro, commune
):
    ccas = Organisation.objects.create(
        convention=caro, ref="ccas-fouras", name="CCAS de Fouras", kind="ccas"
    )
    for code, *_ in OFFER_TYPES:
        ServiceFactory(
            convention=caro,
            offer_type=OfferType.objects.get(code=code),
            name=f"Service {code}",
            commune=commune("17168"),
            manager=ccas if code == "ccas" else None,
            contact="M. Jean Durand 05 46 00 11 22 jean.durand@exemple.fr",
        )
    ServiceFactory(convention=caro, rpe=True, served=[commune("17168"), commune("17146")])
    ServiceFactory(convention=caro, name="Crèche inventée", is_fictitious=True)

    services = client.get(reverse("directory:services")).json()["items"]
    structures = client.get(reverse("directory:structures")).json()["items"]

    assert len(services) == len(OFFER_TYPES) + 1
    for record in services:
        service = v1.Service.model_validate(record)
        assert service.contact_nom_prenom is None
        assert service.courriel is None  # a person's address is left out
    assert "Crèche inventée" not in str(services)
    assert "Durand" not in str(services) + str(structures)
    itinerant = next(r for r in services if r["nom"].startswith("Relais"))
    assert sorted(itinerant["zone_eligibilite"]) == ["17146", "17168"]

    for record in structures:
        v1.Structure.model_validate(record)
    by_name = {r["nom"]: r for r in structures}
    assert by_name["CCAS de Fouras"]["reseaux_porteurs"] == ["ccas-cias"]
    assert {r["structure_id"] for r in services} <= {r["id"] for r in structures}


def test_open_data_page_documents_the_urls_and_the_licence(client, db):
    text = client.get(reverse("directory:open_data")).text
    assert "Licence Ouverte 2.0" in text
    assert reverse("directory:services") in text
    assert reverse("directory:structures") in text


def test_the_exports_come_by_pages_with_a_total_and_a_next_link(client, caro, commune):
    ccas = Organisation.objects.create(
        convention=caro, ref="ccas-fouras", name="CCAS de Fouras", kind="ccas"
    )
    for n in range(5):
        ServiceFactory(convention=caro, commune=commune("17168"), manager=ccas if n < 3 else None)
    url = reverse("directory:services")

    first = client.get(url, {"size": 2}).json()
    assert (first["total"], first["pages"], first["page"], first["size"]) == (5, 3, 1, 2)
    assert len(first["items"]) == 2 and first["previous"] is None
    assert first["next"] == f"http://testserver{url}?page=2&size=2"
    last = client.get(url, {"size": 2, "page": 3}).json()
    assert len(last["items"]) == 1 and last["next"] is None
    every = [
        r["id"] for p in (1, 2, 3) for r in client.get(url, {"size": 2, "page": p}).json()["items"]
    ]
    assert len(set(every)) == 5

    default = client.get(url).json()
    assert default["size"] == opendata.DEFAULT_SIZE and len(default["items"]) == 5

    # One structure for the CCAS (3 services) and one per service without a manager.
    structures = client.get(reverse("directory:structures"), {"size": 2}).json()
    assert (structures["total"], structures["pages"]) == (3, 2)
    assert structures["items"][0]["nom"] == "CCAS de Fouras"


@pytest.mark.parametrize(
    "query, status, message",
    [
        (
            {"size": opendata.MAX_SIZE + 1},
            400,
            f"« size » doit être un nombre entier de 1 à {opendata.MAX_SIZE}",
        ),
        ({"size": "tout"}, 400, "« size » doit être un nombre entier"),
        ({"page": "0"}, 400, "« page » doit être un nombre entier"),
        ({"page": "²"}, 400, "« page » doit être un nombre entier"),
        ({"page": "9" * 5000}, 400, "« page » doit être un nombre entier"),
        ({"page": 9}, 404, "La page 9 n'existe pas : il y a 1 page(s)."),
    ],
)
def test_a_bad_page_or_size_gets_a_french_message(client, caro, query, status, message):
    for url in (reverse("directory:services"), reverse("directory:structures")):
        response = client.get(url, query)
        assert response.status_code == status
        assert message in response.json()["detail"]


def test_a_repeated_export_comes_from_the_cache_until_something_changes(
    client, caro, commune, settings
):
    from django.core.cache import caches

    settings.CTG_PAGE_CACHE = True
    caches["pages"].clear()
    for _ in range(30):
        ServiceFactory(convention=caro, commune=commune("17168"))
    revisions.bump_all()  # factories write behind the revisions' back
    url = reverse("directory:services")
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).json()["total"] == 30
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).json()["total"] == 30
    assert len(second) == 1 < len(first)  # the revisions only

    ServiceFactory(convention=caro, commune=commune("17168"))
    revisions.bump_all()
    assert client.get(url).json()["total"] == 31
    caches["pages"].clear()
