"""The OpenAPI document: valid OpenAPI 3, every operation documented with its errors,
and the Swagger UI served without any request to the internet."""

import pytest
from django.test import Client
from openapi_spec_validator import validate


@pytest.fixture(scope="module")
def document(django_db_setup, django_db_blocker):
    # Built once for the module: generating the document takes seconds.
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_is_valid_openapi_3(document):
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_operation_documents_its_errors_with_the_error_schema(document):
    operations = [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "patch", "put", "delete"}
    ]
    assert len(operations) > 30
    for path, method, operation in operations:
        responses = operation["responses"]
        for code in ("400", "401", "404"):
            assert code in responses, f"{method} {path} : {code}"
            schema = responses[code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Erreur"}
        if method != "get":
            assert {"409", "413", "403"} <= set(responses), f"{method} {path}"
        assert operation.get("summary"), f"{method} {path} sans résumé"


def test_the_offer_describes_its_place_fields(document):
    properties = document["components"]["schemas"]["DiagnosticOfferAnswer"]["properties"]
    for key in ("horaires_osm", "tarifs", "modalites_acces", "accessibilite_lieu"):
        assert properties[key]["type"] == "string", key
        assert properties[key]["description"], key
    assert properties["date_maj"]["format"] == "date"
    assert properties["tarifs"]["maxLength"] == 500


def test_the_plan_filters_and_pagination_are_described(document):
    parameters = {
        p["name"]: p
        for p in document["paths"]["/api/v1/ctg/{slug}/plan/actions/"]["get"]["parameters"]
    }
    assert {"statut", "noeud", "pilote", "prioritaire", "q", "modifiee_depuis"} <= set(parameters)
    assert parameters["taille"]["schema"]["maximum"] == 500
    assert parameters["modifiee_depuis"]["schema"]["format"] == "date-time"


@pytest.mark.django_db
def test_swagger_ui_loads_only_local_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "https://" not in page
