"""YAML syntax errors reach the person in French: file, line and column as an editor counts
them, the line as written, and how to write it instead."""

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from ctg_pilote.exchange.document import parse
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.exchange.yaml_errors import french_message

pytestmark = pytest.mark.django_db

COLON_IN_TEXT = """\
format: ctg-pilote
ctg:
  nom: CTG des marais
  presentation: Objectif : agir pour les familles
"""


def message(text: str) -> str:
    with pytest.raises(ExchangeError) as refused:
        parse(text, name="ctg.yaml")
    [problem] = refused.value.problems
    return str(problem)


def test_a_colon_in_a_french_text_says_where_and_to_use_quotes():
    assert message(COLON_IN_TEXT) == (
        "ctg.yaml : YAML mal formé (ligne 4, colonne 26) : « : » suivi d'un espace au milieu "
        "d'une valeur — ligne 4 : «   presentation: Objectif : agir pour les familles ». "
        'Conseil : mettez ce texte entre guillemets (presentation: "Objectif : agir pour les '
        'familles") ou écrivez-le sur les lignes suivantes, indenté, après « >- ».'
    )


def test_the_quotes_hint_keeps_a_double_quote_inside_the_text():
    text = 'plan:\n  - titre: Axe "1" : agir\n'
    assert "(titre: 'Axe \"1\" : agir')" in message(text)


def test_columns_count_characters_not_bytes():
    assert "(ligne 2, colonne 19)" in message("ctg:\n  nom: Éléphant é : à\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ctg:\n\tnom: x\n",
            "(ligne 2, colonne 1) : tabulation dans l'indentation — ligne 2 : « ⇥nom: x ». "
            "Conseil : indentez avec des espaces, jamais avec des tabulations",
        ),
        (
            'ctg:\n  nom: "CTG des marais\n  caf: "17"\n',
            '(ligne 2, colonne 8) : guillemet jamais fermé sur sa ligne — ligne 2 : «   nom: "CTG '
            "des marais ». Conseil : le texte entre guillemets ouvert ligne 2 court jusqu'au "
            "guillemet de la ligne 3 : fermez-le sur sa ligne.",
        ),
        (
            "ctg:\n  nom: 'CTG des marais\n",
            "(ligne 2, colonne 8) : guillemet jamais fermé — ligne 2 : «   nom: 'CTG des marais ». "
            "Conseil : fermez le guillemet ouvert ligne 2 ;",
        ),
        (
            "ctg:\n  nom: CTG\n   caf: '17'\n",  # a key too far right reads as text
            "(ligne 3, colonne 7) : « : » suivi d'un espace au milieu d'une valeur",
        ),
        (
            "ctg:\n    nom: CTG\n  caf: '17'\n",
            "(ligne 3, colonne 3) : indentation incorrecte — ligne 3 : «   caf: '17' ». "
            "Conseil : alignez cette ligne, avec des espaces, sur les clés voisines (l'objet "
            "commencé ligne 1, colonne 1, ou un bloc plus indenté au-dessus)",
        ),
        (
            'ctg:\n  nom: "CTG" des marais\n',
            "(ligne 2, colonne 14) : texte en trop après la valeur",
        ),
        (
            "ctg:\n  nom: CTG\n  nom: Autre\n",
            "(ligne 3, colonne 3) : clé « nom » répétée dans le même objet (déjà donnée ligne "
            "2) ; gardez-en une seule — ligne 3 : «   nom: Autre ».",
        ),
        (
            "ctg:\n  thematiques: [jeunesse, parentalite\n  caf: '17'\n",
            "liste entre crochets [ ] non fermée ou virgule manquante — ligne 3 : «   caf: "
            "'17' ». Conseil : fermez « ] » ouvert ligne 2, colonne 16",
        ),
        (
            "ctg:\n  nom: CTG\n  une phrase sans deux-points\n  caf: '17'\n",
            "(ligne 3, colonne 3) : ligne sans « : » au milieu des champs d'un objet",
        ),
        (
            "ctg:\n  nom: @marais\n",
            "(ligne 2, colonne 8) : une valeur ne peut pas commencer par « @ »",
        ),
        ("ctg:\n  nom: - CTG\n", "tiret de liste « - » après une clé sur la même ligne"),
        ("ctg:\n  nom: *marais\n", "alias (*nom) jamais défini par une ancre (&nom)"),
        ("ctg:\n  nom: !!python/object x\n", "étiquette YAML (« ! ») non acceptée"),
        ('ctg:\n  nom: "C:\\TG"\n', "séquence « \\ » inconnue dans un texte entre guillemets"),
        ("ctg: 1\n---\nctg: 2\n", "(ligne 2, colonne 1) : plusieurs documents (« --- »)"),
        ("ctg:\n  nom: |x\n    texte\n", "indicateur de bloc (« | » ou « > ») mal écrit"),
        (
            "ctg:\n  nom: a\x07b\n",
            "(ligne 2, colonne 9) : caractère invisible non autorisé (U+0007)",
        ),
        ("? [a, b]\n: 1\n", "clé complexe non acceptée"),
        ("%YAML 2.0\n---\nctg: 1\n", "ligne commençant par « % » (directive YAML)"),
    ],
)
def test_each_kind_of_yaml_error_is_explained_in_french(text, expected):
    said = message(text)
    assert said.startswith("ctg.yaml : YAML mal formé")
    assert expected in said
    for english in ("found", "expected", "while", "could not", "not allowed"):
        assert english not in said


def test_a_merge_may_override_a_key_it_brings():
    assert parse("base: &b {nom: x}\nctg:\n  <<: *b\n  nom: y\n")["ctg"] == {"nom": "y"}


def test_validate_ctg_and_import_ctg_print_the_french_message(tmp_path, capsys):
    path = tmp_path / "marais.yaml"
    path.write_text(COLON_IN_TEXT, encoding="utf-8")
    for command in ("validate_ctg", "import_ctg"):
        with pytest.raises(CommandError):
            call_command(command, str(path))
        said = capsys.readouterr().err
        assert "marais.yaml : YAML mal formé (ligne 4, colonne 26)" in said
        assert 'presentation: "Objectif : agir pour les familles"' in said


def test_a_key_written_twice_in_json_is_refused_with_its_line():
    text = '{\n  "format": "ctg-pilote",\n  "ctg": {"nom": "A",\n          "nom": "B"}\n}\n'
    said = message(text)
    assert said.startswith("ctg.yaml : YAML mal formé (ligne 4, colonne 11) : clé « nom » répétée")
    assert "(déjà donnée ligne 3)" in said


def test_json_indented_with_tabs_still_reads():
    assert parse('{\n\t"ctg": {\n\t\t"nom": "A"\n\t}\n}\n') == {"ctg": {"nom": "A"}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (COLON_IN_TEXT, "(ligne 4, colonne 26) : « : » suivi d'un espace au milieu d'une valeur"),
        ("ctg:\n\tnom: x\n", "(ligne 2, colonne 1) : tabulation dans l'indentation"),
        ("ctg:\n  nom: 'CTG\n", "(ligne 2, colonne 8) : guillemet jamais fermé"),
        ("ctg:\n    nom: CTG\n  caf: '17'\n", "(ligne 3, colonne 3) : indentation incorrecte"),
        ("ctg:\n  nom: - CTG\n", "tiret de liste « - » après une clé sur la même ligne"),
    ],
)
def test_pyyaml_without_libyaml_gets_the_same_explanations(text, expected):
    """PyYAML built without libyaml words its errors differently; the French is the same."""
    with pytest.raises(yaml.YAMLError) as error:
        yaml.load(text, Loader=yaml.SafeLoader)
    assert expected in french_message(error.value, text, "ctg.yaml")
