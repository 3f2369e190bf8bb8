"""Reading an exchange document (YAML or JSON) and checking it against the JSON Schema."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import DateField
from jsonschema import Draft202012Validator
from jsonschema import validators as jsonschema_validators
from jsonschema.exceptions import ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None

from ctg_pilote.core.fieldspec import choice_list, expand_schema
from ctg_pilote.core.spreadsheets import FileRefused, check_path, count, limit
from ctg_pilote.core.validators import field_by_label, field_problem

from .problems import ExchangeError, Problem, format_path
from .schema_messages import french
from .yaml_errors import DuplicateKey, Refused, french_message

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMA_PATH = SCHEMA_DIR / "ctg-v1.schema.json"  # generated: core.json + the apps' sections
CORE_SCHEMA_PATH = SCHEMA_DIR / "core.json"
FORMAT_NAME = "ctg-pilote"
FORMAT_VERSION = 1


class _LibyamlEvents(Composer, CParser, SafeConstructor, Resolver):
    """libyaml's parser (several times faster) with PyYAML's Python composer: libyaml's own
    composer recurses in C, and a document nested 100,000 deep crashes the process."""

    def __init__(self, stream):
        CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


# libyaml's parser when PyYAML was built with it, else pure Python.
_SafeLoader = _LibyamlEvents if CParser is not None else yaml.SafeLoader


class AliasBomb(yaml.YAMLError):
    """Aliases that would expand the document beyond the budget ("billion laughs"), or a
    document nested deeper than any CTG needs."""


class _Loader(_SafeLoader):
    """Safe YAML without implicit dates: dates stay text, checked by the schema.

    Aliases (*name) are counted before anything is built: the composed graph shares nodes, but
    what reads the document afterwards (schema, importer) walks it expanded."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > limit("document_depth"):
                raise AliasBomb(f"document imbriqué sur plus de {limit('document_depth')} niveaux")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        _check_aliases(node)
        return self.construct_document(node)

    def construct_mapping(self, node, deep=False):
        """A key written twice in one object is refused: YAML would keep the last value
        silently (a merge `<<: *base` may still be overridden, that is what it is for)."""
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _value in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                key = self.construct_object(key_node)
                if key in seen:
                    raise DuplicateKey(
                        None,
                        None,
                        f"clé « {key} » répétée dans le même objet (déjà donnée ligne "
                        f"{seen[key] + 1}) ; gardez-en une seule",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _check_aliases(root) -> None:
    """Refuse a graph whose expansion adds more than the budget of nodes, or has a cycle."""
    sizes: dict[int, int] = {}  # node -> its size once aliases are expanded
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:  # depth-first without recursion: a deep document cannot blow the stack
        node, closing = stack.pop()
        key = id(node)
        if closing:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise AliasBomb("un alias (*nom) se contient lui-même")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    added = sizes[id(root)] - len(sizes)
    if added > limit("yaml_alias_nodes"):
        raise AliasBomb(
            f"les alias (*nom) ajouteraient {count(added)} éléments au document, "
            f"{count(limit('yaml_alias_nodes'))} au plus ; écrivez les valeurs au lieu de les "
            "répéter par alias"
        )


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _finite_float(loader, node):
    """YAML `.inf`, `.nan` or `1.0e+999` is refused where it is written, not stored."""
    number = yaml.SafeLoader.construct_yaml_float(loader, node)
    if not math.isfinite(number):
        raise Refused(
            None, None, f"nombre infini ou indéfini refusé : « {node.value} »", node.start_mark
        )
    return number


_Loader.add_constructor("tag:yaml.org,2002:float", _finite_float)


def _refuse_non_finite(text: str, name: str, literal: str):
    """json.loads hook: NaN, Infinity and 1e999 are no numbers a CTG can hold."""
    line = text.count("\n", 0, max(text.find(literal), 0)) + 1
    raise ExchangeError(
        [Problem("", f"{name} : nombre infini ou indéfini refusé (ligne {line}) : « {literal} »")]
    )


def _finite_json_float(text: str, name: str, literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        _refuse_non_finite(text, name, literal)
    return number


class _RepeatedJsonKey(ValueError):
    """A JSON object names a key twice; YAML reads the text again and says where."""


def _unique_keys(pairs: list) -> dict:
    if len({key for key, _value in pairs}) != len(pairs):
        raise _RepeatedJsonKey
    return dict(pairs)


def parse(text: str, *, name: str = "document") -> Any:
    """Parse YAML (which includes JSON). Syntax errors name the line and column."""
    if text.lstrip().startswith("{"):
        # A JSON document: the JSON parser is much faster; YAML reports its syntax errors.
        try:
            return json.loads(
                text,
                parse_constant=lambda c: _refuse_non_finite(text, name, c),
                parse_float=lambda f: _finite_json_float(text, name, f),
                object_pairs_hook=_unique_keys,
            )
        except ValueError:
            pass
        except RecursionError as error:
            raise ExchangeError(
                [Problem("", f"{name} : document imbriqué trop profondément")]
            ) from error
    try:
        return yaml.load(text, Loader=_Loader)
    except AliasBomb as error:
        raise ExchangeError([Problem("", f"{name} : {error}")]) from error
    except yaml.YAMLError as error:
        raise ExchangeError([Problem("", french_message(error, text, name))]) from error


def read_file(path: str | Path) -> Any:
    path = Path(path)
    try:
        check_path(path)
        text = path.read_text(encoding="utf-8")
    except FileRefused as error:
        raise ExchangeError([Problem("", str(error))]) from error
    except FileNotFoundError as error:
        raise ExchangeError([Problem("", f"Fichier introuvable : {path}")]) from error
    except UnicodeDecodeError as error:
        raise ExchangeError(
            [Problem("", f"{path.name} : le fichier doit être encodé en UTF-8.")]
        ) from error
    return parse(text, name=path.name)


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def build_schema() -> dict:
    """The full schema: the core plus every registered section, in document order."""
    from .sections import sections

    full = expand_schema(json.loads(CORE_SCHEMA_PATH.read_text(encoding="utf-8")))
    full["description"] = (
        "Une Convention Territoriale Globale complète. Voir docs/format-echange.md. "
        "Fichier produit par « ctg exchange_schema » : ne pas modifier à la main."
    )
    for section in sections():
        full["properties"][section.key] = section_schema = section.schema()
        # A nested "$schema" would switch validators and lose the "x-model-field" keyword.
        section_schema.pop("$schema", None)
    return full


def render_schema() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def _model_field(validator, label, instance, schema):
    """`"x-model-field": "plan.IndicatorValue.value"`: the value fits that model field's bounds
    (core/validators.py), so a document gets the message a form would show, at its path."""
    types = schema.get("type", [])
    if not any(
        validator.is_type(instance, t) for t in ([types] if isinstance(types, str) else types)
    ):
        return  # the "type" keyword already says what is wrong
    field = field_by_label(label)
    if field.is_relation:
        return  # a reference (code, ref, number): the section resolves it and says what is unknown
    if _said_by_the_schema(validator, field, instance, schema):
        return
    if problem := field_problem(field, instance):
        yield ValidationError(problem)


def _said_by_the_schema(validator, field, instance, schema) -> bool:
    """Whether another keyword of this node already refuses what the model field would: a
    code outside a list of choices ("enum" says it at the item's own path), a text too long,
    empty or of the wrong shape (maxLength, minLength, pattern). Said once, not twice."""
    if isinstance(instance, list) and (choices := choice_list(field)):
        return any(item not in choices.values for item in instance)
    if isinstance(instance, str) and not isinstance(field, DateField):
        own = {k: schema[k] for k in ("minLength", "maxLength", "pattern") if k in schema}
        return bool(own) and any(True for _error in validator.descend(instance, own))
    return False


_Validator = jsonschema_validators.extend(Draft202012Validator, {"x-model-field": _model_field})


@cache
def _validator(key: str = "") -> Any:
    """One validator per process for the whole document ("") or one section: it resolves
    the schema's references once, not at every document."""
    return _Validator(schema()["properties"][key] if key else schema())


class _ModelFieldKeyword:
    """`x-model-field` for the fast check: any doubt (a bound crossed, a value of the wrong
    type) makes the document "not valid", and the complete check then says what and where."""

    def __init__(self, parent_schema: dict, value: str, schema_path: list) -> None:
        self.field = field_by_label(value)

    def validate(self, instance: Any) -> None:
        if not self.field.is_relation and field_problem(self.field, instance):
            raise ValueError(value_refused)


value_refused = "x-model-field"


@cache
def _fast_validator(key: str = "") -> Any:
    """The same schema compiled by jsonschema-rs: it only answers whether a document is
    valid, many times faster than the complete check, which runs when it is not (so the
    messages are the complete check's, unchanged)."""
    import jsonschema_rs  # ~0.1 s: not at every command's start

    return jsonschema_rs.validator_for(
        schema()["properties"][key] if key else schema(),
        validate_formats=False,
        keywords={"x-model-field": _ModelFieldKeyword},
    )


def schema_problems(document: Any) -> list[Problem]:
    if _fast_validator().is_valid(document):
        return []
    return _problems(_validator(), document, [])


def section_problems(key: str, value: Any) -> list[Problem]:
    """The schema problems of one section's value alone, at their document paths (a workbook
    of the plan builds only the `plan` section, checked as an exchange document is)."""
    if _fast_validator(key).is_valid(value):
        return []
    return _problems(_validator(key), value, [key])


def _problems(validator, instance, prefix: list) -> list[Problem]:
    problems = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        if error.validator in {"if", "allOf"}:
            continue
        problems.append(Problem(format_path([*prefix, *error.absolute_path]), french(error)))
    return problems


def check_schema(document: Any) -> dict:
    if not isinstance(document, dict):
        raise ExchangeError([Problem("", "le document doit être un objet YAML ou JSON.")])
    problems = schema_problems(document)
    if problems:
        raise ExchangeError(problems)
    return document
