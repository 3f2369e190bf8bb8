"""French messages for JSON Schema errors: one per validator keyword the schemas use, with
French type names, the values allowed, the bounds, the expected form of a text."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from jsonschema.exceptions import ValidationError

TYPE_NAMES = {
    "string": "un texte (entre guillemets pour un code)",
    "integer": "un nombre entier",
    "number": "un nombre",
    "object": "un objet (des champs « clé: valeur »)",
    "array": "une liste",
    "boolean": "oui ou non (true ou false)",
    "null": "vide (null)",
}

# The expected form of the patterns the schemas use without a description of their own.
PATTERN_FORMS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "un code en minuscules, chiffres et tirets (petite-enfance)",
    r"^\d{4}-\d{2}-\d{2}$": "une date AAAA-MM-JJ (2024-03-15)",
    r"^\d{9}$": "un numéro SIREN de 9 chiffres, entre guillemets",
    r"^\d{14}$": "un numéro SIRET de 14 chiffres, entre guillemets",
    r"^https?://": "une adresse internet commençant par http:// ou https://",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "une adresse électronique (nom@exemple.fr)",
    r"^[0-9][0-9AB][0-9]{3}$": "un code INSEE de 5 caractères, entre guillemets (17299, 2A004)",
    r"^[0-9AB]{5}$": "un code INSEE de 5 caractères, entre guillemets (17299, 2A004)",
    r"^[1-9][0-9]*(\.[1-9][0-9]*){0,3}$": "un numéro de nœud du plan (1, 1.2 ou 1.2.3)",
    r"^[^\s]+$": "un texte sans espace",
}
FORMATS = {
    "uri": "une adresse internet (https://…)",
    "date": "une date AAAA-MM-JJ",
    "email": "une adresse électronique (nom@exemple.fr)",
}
SHOWN_CHARACTERS = 60


def shown(value: Any) -> str:
    """A document value as a message quotes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        text = value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"
        return repr(text)
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un objet"
    return str(value)


def _types(expected) -> str:
    wanted = expected if isinstance(expected, list) else [expected]  # ["string", "integer"]
    return " ou ".join(TYPE_NAMES.get(t, t) for t in wanted)


def _values(values) -> str:
    return ", ".join(shown(v) if not isinstance(v, str) else v for v in values)


def _required(error):
    missing = [key for key in error.validator_value if key not in (error.instance or {})]
    return f"champ obligatoire manquant : {', '.join(missing)}"


def _additional(error):
    allowed = sorted(error.schema.get("properties", {}))
    extra = sorted(k for k in error.instance if k not in allowed)
    named = []
    for key in extra:
        close = get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        named.append(f"{key} (vouliez-vous dire « {close[0]} » ?)" if close else str(key))
    word = "champ inconnu" if len(extra) == 1 else "champs inconnus"
    return f"{word} : {', '.join(named)} ; champs possibles : {', '.join(allowed)}"


def _type(error):
    return f"doit être {_types(error.validator_value)}, pas {shown(error.instance)}"


def _enum(error):
    return (
        f"valeur {shown(error.instance)} non prévue ; valeurs possibles : "
        f"{_values(error.validator_value)}"
    )


def _pattern(error):
    form = PATTERN_FORMS.get(error.validator_value) or error.schema.get("description")
    return f"format incorrect : {shown(error.instance)}" + (f" ; attendu : {form}" if form else "")


def _alternatives(error):
    """anyOf / oneOf: the message of the alternative the value comes closest to."""
    if error.validator == "oneOf" and not error.context:
        return "correspond à plusieurs formes possibles à la fois ; précisez"
    wrong_type = [e for e in error.context if e.validator == "type" and not e.relative_path]
    if len(wrong_type) == len(error.context):
        return f"doit être {_types([e.validator_value for e in wrong_type])}, pas " + shown(
            error.instance
        )
    closest = [e for e in error.context if e not in wrong_type]
    deepest = max(len(e.relative_path) for e in closest)
    first = next(e for e in closest if len(e.relative_path) == deepest)
    return french(first)


def _items_count(error):
    count = len(error.instance)
    if error.validator == "minItems":
        return f"au moins {error.validator_value} élément(s) attendu(s), {count} donné(s)"
    return f"au plus {error.validator_value} élément(s) attendu(s), {count} donné(s)"


def _repeated(error):
    seen: list = []
    for item in error.instance:
        if item in seen:
            return f"la liste contient des doublons : {shown(item)} revient plusieurs fois"
        seen.append(item)
    return "la liste contient des doublons"


_MESSAGES = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _enum,
    "pattern": _pattern,
    "anyOf": _alternatives,
    "oneOf": _alternatives,
    "minItems": _items_count,
    "maxItems": _items_count,
    "const": lambda e: f"doit valoir {shown(e.validator_value)}, pas {shown(e.instance)}",
    "minimum": lambda e: f"doit être au moins {e.validator_value}, pas {shown(e.instance)}",
    "maximum": lambda e: f"doit être au plus {e.validator_value}, pas {shown(e.instance)}",
    "exclusiveMinimum": lambda e: f"doit être plus que {e.validator_value}, pas {e.instance}",
    "exclusiveMaximum": lambda e: f"doit être moins que {e.validator_value}, pas {e.instance}",
    "minLength": lambda e: (
        "ne doit pas être vide"
        if e.validator_value == 1
        else f"trop court ({len(e.instance)} caractères, {e.validator_value} au moins)"
    ),
    "maxLength": lambda e: f"trop long ({len(e.instance)} caractères, {e.validator_value} au plus)",
    "uniqueItems": _repeated,
    "format": lambda e: (
        f"format incorrect : {shown(e.instance)} ; attendu : "
        + FORMATS.get(e.validator_value, e.validator_value)
    ),
    "not": lambda e: f"valeur {shown(e.instance)} non acceptée ici",
    "minProperties": lambda e: "ne doit pas être vide",
}


def french(error: ValidationError) -> str:
    """The French message of one schema error (the project's own keywords, such as
    `x-model-field`, say theirs in French already)."""
    message = _MESSAGES.get(error.validator)
    return message(error) if message else error.message
