"""The complete round trip: a document using every key of every section (`complete/`, one file
per section) is imported into an empty database and exported; that export is imported into an
empty database again and exported again: both exports are identical.

"Empty database" is honest: each import runs in a transaction that is rolled back once its
export is written, so the second import finds no CTG, no account, no custom thématique, no
offer type left by the first (the test checks it). The coverage check fails when a key of the
schema is used nowhere in the document, so the document grows with the format.
"""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from ctg_pilote.accounts.models import User
from ctg_pilote.conventions.models import Convention, Thematique
from ctg_pilote.demo.services import demo_document
from ctg_pilote.diagnostic.models import OfferType
from ctg_pilote.exchange.document import build_schema, parse
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError

pytestmark = pytest.mark.django_db

COMPLETE = Path(__file__).parent / "complete"

# Keys of the schema the complete document cannot hold yet, each with its reason. Keep it
# short: a key listed here is a key no test carries through a round trip.
NOT_YET_COVERED: dict[str, str] = {}

# Keys the importer reads but the export never writes (another key says the same thing).
READ_ONLY_KEYS: dict[str, str] = {
    # The older flat findings: exported as blocks (`syntheses[].elements[]`).
    **{
        f"diagnostic.syntheses[].{key}": f"diagnostic.syntheses[].elements[].{key}"
        for key in (
            "type",
            "texte",
            "indicateurs",
            "chiffres_cles",
            "types_offre",
            "questions",
            "questions[].code",
            "questions[].enquete",
            "fictif",
        )
    },
    "diagnostic.syntheses[].enjeux": "diagnostic.syntheses[].elements[].elements_plan",
    # Version 1 of the démarche: one of six fixed phases, dates with a precision, done or not.
    "gouvernance.phases[].phase": "gouvernance.phases[].ref",
    "gouvernance.phases[].precision": "approximate dates (gouvernance.phases[].debut_reel...)",
    "gouvernance.dates_cles[].precision": "approximate dates (gouvernance.dates_cles[].date)",
    "gouvernance.dates_cles[].realisee": "gouvernance.dates_cles[].statut",
    "organisations[].signataire": "organisations[].qualite",
}


def complete_document() -> dict:
    return demo_document(COMPLETE)


def schema_paths(node: dict, path: str = "", root: dict | None = None) -> set[str]:
    """Every property the schema declares, as `plan.actions[].budget[].montant`."""
    root = root or node
    if node.get("$ref", "").startswith("#/"):  # a local definition: "#/$defs/date"
        target = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    found: set[str] = set()
    for key, child in node.get("properties", {}).items():
        child_path = f"{path}.{key}" if path else key
        found.add(child_path)
        found |= schema_paths(child, child_path, root)
    if isinstance(node.get("items"), dict):
        found |= schema_paths(node["items"], f"{path}[]", root)
    for keyword in ("anyOf", "oneOf", "allOf"):
        for alternative in node.get(keyword, []):
            found |= schema_paths(alternative, path, root)
    for keyword in ("then", "else"):
        if isinstance(node.get(keyword), dict):
            found |= schema_paths(node[keyword], path, root)
    return found


def document_paths(value, path: str = "") -> set[str]:
    """Every key a document uses, written the same way."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            child_path = f"{path}.{key}" if path else str(key)
            found.add(child_path)
            found |= document_paths(child, child_path)
    elif isinstance(value, list):
        for item in value:
            found |= document_paths(item, f"{path}[]")
    return found


def missing_keys(document: dict) -> list[str]:
    """The schema's keys the document uses nowhere, but for those NOT_YET_COVERED."""
    return sorted(schema_paths(build_schema()) - document_paths(document) - set(NOT_YET_COVERED))


def test_the_coverage_check_names_each_key_a_document_lacks():
    document = complete_document()
    del document["plan"]["actions"][0]["budget"][0]["fictif"]
    del document["gouvernance"]["votes"]
    missing = missing_keys(document)
    assert "plan.actions[].budget[].fictif" in missing
    assert "gouvernance.votes[].bulletins[].points" in missing
    assert "plan.actions[].budget[].montant" not in missing


def test_the_complete_document_uses_every_key_of_the_schema():
    used = document_paths(complete_document())
    missing = missing_keys(complete_document())
    assert not missing, (
        "Keys of the exchange schema used nowhere in tests/exchange/complete/ (add each one to "
        "the section's file, or to NOT_YET_COVERED with a reason):\n  " + "\n  ".join(missing)
    )
    stale = sorted(key for key in NOT_YET_COVERED if key in used)
    assert not stale, f"Covered now, remove from NOT_YET_COVERED: {stale}"


def import_then_export(document: dict) -> str:
    """Import into the empty database, export as text, then undo everything."""
    with transaction.atomic():
        try:
            import_document(document)
        except ExchangeError as error:
            raise AssertionError("\n".join(str(p) for p in error.problems)) from error
        text = dump_yaml(export_convention(Convention.objects.get(slug="ctg-complete")))
        transaction.set_rollback(True)
    return text


def shared_rows() -> dict[str, int]:
    return {
        "CTG": Convention.objects.count(),
        "comptes": User.objects.count(),
        "thématiques": Thematique.objects.count(),
        "types d'offre": OfferType.objects.count(),
    }


def test_import_export_import_export_gives_the_same_document():
    empty = shared_rows()
    assert empty["CTG"] == 0 and empty["comptes"] == 0
    first = import_then_export(complete_document())
    assert shared_rows() == empty
    second = import_then_export(parse(first, name="export-1.yaml"))
    assert shared_rows() == empty
    assert second == first


def test_the_export_keeps_every_key_the_document_gives():
    """Nothing the document says is lost on the way: every key written in the complete document
    is in its export (values may be normalised, e.g. a default left out)."""
    exported = document_paths(parse(import_then_export(complete_document())))
    lost = sorted(document_paths(complete_document()) - exported - set(READ_ONLY_KEYS))
    assert not lost, (
        "Keys of the complete document missing from its export (a legacy key the importer "
        "still reads but the export writes another way goes to READ_ONLY_KEYS, with the key "
        "that replaces it):\n  " + "\n  ".join(lost)
    )


def test_the_document_downloaded_from_the_page_comes_back_identical(client):
    """« Exporter (YAML) » on the CTG's page gives the document a transfer or backup uses."""
    with transaction.atomic():
        import_document(complete_document())
        client.force_login(User.objects.get(email="coordination@exemple.test"))
        response = client.get(reverse("conventions:export", args=["ctg-complete"]))
        transaction.set_rollback(True)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ctg-ctg-complete.yaml"'
    downloaded = response.content.decode()
    assert import_then_export(parse(downloaded, name="ctg-ctg-complete.yaml")) == downloaded


def test_a_custom_thematique_used_only_by_findings_survives_the_round_trip():
    document = complete_document()
    document["ctg"]["thematiques"].remove("vie-des-marais")
    first = import_then_export(document)
    assert import_then_export(parse(first)) == first
