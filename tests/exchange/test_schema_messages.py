"""Every JSON Schema keyword the exchange schema uses says what is wrong in French, at the
value's path, with French type names, the values allowed and the form expected."""

import copy

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from jsonschema import Draft202012Validator

from ctg_pilote.exchange.document import schema_problems
from ctg_pilote.exchange.schema_messages import french

BASE = {
    "format": "ctg-pilote",
    "version": 1,
    "ctg": {
        "identifiant": "marais-test",
        "nom": "CTG des marais",
        "periode": {"debut": 2025, "fin": 2029},
        "caf": "17",
    },
    "territoire": {"millesime": 2026, "type": "liste", "communes": ["17004", "17168"]},
    "organisations": [{"ref": "caf-17", "nom": "CAF de la Charente-Maritime", "type": "caf"}],
    "plan": {"niveaux": ["Axe", "Objectif"]},
}


def said_at(path: str, change) -> list[str]:
    """The messages at `path` once `change(document)` has been applied to a valid document."""
    document = copy.deepcopy(BASE)
    change(document)
    return [p.message for p in schema_problems(document) if p.path == path]


def test_the_base_document_is_valid():
    assert schema_problems(copy.deepcopy(BASE)) == []


def put(path: tuple, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("ctg", "periode", "debut"), "2025", "doit être un nombre entier, pas '2025'"),
        (("ctg", "periode"), 2025, "doit être un objet (des champs « clé: valeur »), pas 2025"),
        (("territoire", "communes"), "17004", "doit être une liste, pas '17004'"),
        (("ctg", "nom"), None, "doit être un texte (entre guillemets pour un code), pas null"),
        (
            ("ctg", "nom"),
            ["a"],
            "doit être un texte (entre guillemets pour un code), pas une liste",
        ),
        (("ctg", "nom"), True, "doit être un texte (entre guillemets pour un code), pas true"),
        (
            ("organisations", 0, "nom"),
            {"a": 1},
            "doit être un texte (entre guillemets pour un code), pas un objet",
        ),
        (("ctg", "periode", "debut"), 1999, "doit être au moins 2000, pas 1999"),
        (("ctg", "periode", "fin"), 2101, "doit être au plus 2100, pas 2101"),
        (("format",), "autre", "doit valoir 'ctg-pilote', pas 'autre'"),
        (("version",), 2, "doit valoir 1, pas 2"),
        (("ctg", "nom"), "", "ne doit pas être vide"),
        (
            ("ctg", "identifiant"),
            "Marais Test",
            "format incorrect : 'Marais Test' ; attendu : un code en minuscules, chiffres et "
            "tirets (petite-enfance)",
        ),
        (
            ("ctg", "caf"),
            "dix-sept",
            "format incorrect : 'dix-sept' ; attendu : Code du département de la CAF signataire.",
        ),
        (
            ("territoire", "communes"),
            ["17004", "17168", "17004"],
            "la liste contient des doublons : '17004' revient plusieurs fois",
        ),
        (("plan", "niveaux"), [], "au moins 1 élément(s) attendu(s), 0 donné(s)"),
        (("plan", "niveaux"), list("abcde"), "au plus 4 élément(s) attendu(s), 5 donné(s)"),
    ],
)
def test_each_keyword_gets_a_french_message(path, value, expected):
    assert expected in said_at(_shown_path(path), put(path, value))


def _shown_path(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def test_a_text_and_a_yes_no_are_named_in_french():
    messages = said_at("plan.niveaux[0]", put(("plan", "niveaux"), [1.5]))
    assert messages == ["doit être un texte (entre guillemets pour un code), pas 1.5"]
    document = copy.deepcopy(BASE)
    document["organisations"][0]["signataire"] = "oui"
    [message] = [p.message for p in schema_problems(document)]
    assert message == "doit être oui ou non (true ou false), pas 'oui'"


def test_an_enum_lists_the_values_allowed():
    [message] = said_at("organisations[0].type", put(("organisations", 0, "type"), "mairie"))
    assert message.startswith("valeur 'mairie' non prévue ; valeurs possibles : ")
    assert "caf" in message and "commune" in message


def test_a_text_too_long_says_its_length_and_the_limit():
    [message] = said_at("ctg.nom", put(("ctg", "nom"), "x" * 5000))
    assert message.startswith("trop long (5000 caractères, ") and message.endswith(" au plus)")


def test_a_missing_key_is_named():
    assert said_at("ctg", lambda d: d["ctg"].pop("nom")) == ["champ obligatoire manquant : nom"]


def test_an_unknown_key_is_named_with_the_closest_known_key():
    [message] = said_at("ctg", put(("ctg", "identifiants"), "x"))
    assert message.startswith(
        "champ inconnu : identifiants (vouliez-vous dire « identifiant » ?) ; champs possibles : "
    )
    [message] = said_at("", put(("couleur",), "bleu"))
    assert message.startswith("champ inconnu : couleur ; champs possibles : ")


def test_several_unknown_keys_are_named_together():
    def change(document):
        document["ctg"]["perido"] = 1
        document["ctg"]["xyz"] = 2

    [message] = said_at("ctg", change)
    assert message.startswith(
        "champs inconnus : perido (vouliez-vous dire « periode » ?), xyz ; champs possibles"
    )


def test_no_english_type_name_leaks_for_a_number_field():
    """The issue's "doit être number": a number field given a text."""
    document = copy.deepcopy(BASE)
    document["diagnostic"] = {"chiffres_cles": [{"valeur": "douze"}]}
    messages = [p.message for p in schema_problems(document)]
    assert "doit être un nombre, pas 'douze'" in messages
    for message in messages:
        for english in (" number", " string", " integer", " boolean", " array", " object,"):
            assert english not in message, message


def test_any_of_and_one_of_say_what_the_value_should_be():
    schema = {
        "anyOf": [{"type": "string", "pattern": r"^\d{4}$"}, {"type": "integer"}],
    }
    [error] = Draft202012Validator(schema).iter_errors(True)
    assert (
        french(error)
        == "doit être un texte (entre guillemets pour un code) ou un nombre entier, pas true"
    )
    [error] = Draft202012Validator(schema).iter_errors("vers 2020")
    assert french(error) == "format incorrect : 'vers 2020'"
    one_of = {"oneOf": [{"type": "integer"}, {"type": "number"}]}
    [error] = Draft202012Validator(one_of).iter_errors(3)
    assert french(error) == "correspond à plusieurs formes possibles à la fois ; précisez"


def test_validate_ctg_prints_schema_messages_in_french(tmp_path, capsys):
    path = tmp_path / "ctg.yaml"
    path.write_text(
        "format: ctg-pilote\nversion: 1\nctg:\n  identifiant: marais\n  nom: M\n"
        "  periode: {debut: '2025', fin: 2029}\n  caf: '17'\n  statu: signee\n"
        "territoire: {millesime: 2026, type: liste, communes: ['17004']}\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("validate_ctg", str(path))
    said = capsys.readouterr().err
    assert "ctg.periode.debut : doit être un nombre entier, pas '2025'" in said
    assert "ctg : champ inconnu : statu (vouliez-vous dire « statut » ?)" in said


def test_an_approximate_date_says_the_forms_it_accepts():
    from ctg_pilote.core.approxdates import ApproximateDateField

    validator = Draft202012Validator(ApproximateDateField(blank=True, null=True).exchange_schema())
    [error] = validator.iter_errors("vers 2020")
    assert french(error).startswith(
        "format incorrect : 'vers 2020' ; attendu : Date telle que la source l'écrit : "
        "AAAA-MM-JJ, AAAA-MM, AAAA"
    )
    assert [french(e) for e in validator.iter_errors("fin 2023")] == []
    [error] = validator.iter_errors(True)
    assert french(error) == (
        "doit être un texte (entre guillemets pour un code) ou un nombre entier, pas true"
    )
