"""Hostile exchange documents: alias bombs, deep nesting and oversize files are refused."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.document import parse, read_file, schema_problems
from ctg_pilote.exchange.problems import ExchangeError

pytestmark = pytest.mark.django_db


def billion_laughs() -> str:
    """The classic: nine levels of nine aliases, 46 KB once padded, 9^9 strings expanded."""
    lines = ["format: ctg-pilote", "padding: " + "x" * 45_000]
    lines.append('a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]')
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_validate_ctg_refuses_a_yaml_alias_bomb_in_french(tmp_path, capsys):
    path = tmp_path / "bombe.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    assert 40_000 < path.stat().st_size < 50_000
    with pytest.raises(CommandError, match="1 problème"):
        call_command("validate_ctg", str(path))
    message = capsys.readouterr().err
    assert "bombe.yaml : les alias (*nom) ajouteraient" in message
    assert "10\u202f000 au plus" in message


def test_a_recursive_alias_is_refused():
    with pytest.raises(ExchangeError) as refused:
        parse("a: &a [1, *a]\n", name="boucle.yaml")
    assert str(refused.value.problems[0]).endswith(
        "boucle.yaml : un alias (*nom) se contient lui-même"
    )


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x"])
def test_a_document_nested_100000_deep_is_refused_without_crashing(text):
    with pytest.raises(ExchangeError) as refused:
        parse(text, name="profond.yaml")
    assert "profond.yaml : document imbriqué sur plus de 100 niveaux" in str(refused.value)


def test_a_deep_json_document_is_refused():
    with pytest.raises(ExchangeError, match="document imbriqué trop profondément"):
        parse('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", name="profond.json")


def test_the_demo_documents_use_a_few_aliases_and_still_load():
    document = read_file(DATA_DIR / "rochefort-ocean" / "gouvernance.yaml")
    assert document  # a shared remark written once with &relations and reused


def test_a_document_over_the_command_cap_is_refused_before_it_is_read(tmp_path, settings):
    settings.CTG_FILE_LIMITS = {**settings.CTG_FILE_LIMITS, "command_file_bytes": 1024}
    path = tmp_path / "gros.yaml"
    path.write_text("format: ctg-pilote\nnotes: " + "x" * 4096 + "\n", encoding="utf-8")
    with pytest.raises(ExchangeError) as refused:
        read_file(path)
    assert str(refused.value.problems[0]).endswith(
        "gros.yaml : fichier trop lourd (4 Ko), 1 Ko au plus."
    )


def test_a_value_outside_a_union_of_types_is_named_in_french():
    """A survey choice is a text or a whole number: 1.5 gets a message, not a crash."""
    document = demo_document(DATA_DIR / "rochefort-ocean")
    document["diagnostic"]["enquetes"][0]["questions"][0]["choix"] = [1.5]
    assert [str(p) for p in schema_problems(document)] == [
        "diagnostic.enquetes[0].questions[0].choix[0] : doit être un texte (entre guillemets "
        "pour un code) ou un nombre entier, pas 1.5"
    ]
