"""Open data in the data·inclusion schema: every record validates with the package's models."""

from data_inclusion.schema import v1
from django.urls import reverse

from ctg_pilote.conventions.models import Organisation
from ctg_pilote.diagnostic.catalogue import OFFER_TYPES
from ctg_pilote.diagnostic.models import OfferType
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
