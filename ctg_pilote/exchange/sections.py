"""Sections of the exchange document contributed by other apps (diagnostic, plan, governance...).

The core (identity, territory, zones, organisations, members) lives in `importer.py`
(`core_check.py`, `core_write.py`) and `export.py`. Each app that stores more about a CTG registers a `Section` in its
`AppConfig.ready()`: a top-level key of the document, the JSON Schema of its value (a file in
the app), and three functions. The importer checks every section before writing anything, then
writes them in `order` inside the same transaction.

A section absent from a document leaves the CTG's data for it untouched; a present section
(even an empty list) replaces it. Sections read and write values with `values.py`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.module_loading import import_string

from ctg_pilote.core.fieldspec import expand_schema, exposure_of
from ctg_pilote.core.validators import field_by_label

from .problems import Problem

if TYPE_CHECKING:
    from ctg_pilote.accounts.models import User
    from ctg_pilote.conventions.models import Convention, Organisation, Thematique, Zone
    from ctg_pilote.plan.models import Action, Node
    from ctg_pilote.territories.models import Commune, Vintage


@dataclass
class ImportContext:
    """What the core resolved, shared with sections during check and write.

    Sections pass what they resolved to later sections through typed attributes (set by the
    section that owns the data, read by the ones after it in `order`), never through free keys.
    """

    document: dict[str, Any]
    vintage: Vintage
    communes: dict[str, Commune]  # INSEE code -> Commune, for every code the document names
    territory_codes: set[str]
    organisation_refs: set[str]  # refs defined in the document (and kept on the CTG)
    zone_names: set[str]
    member_emails: set[str]
    # The thématique codes the document may name (saved, or defined by the document), read
    # once per document: every section's check asks.
    thematique_codes: set[str] | None = None
    # Filled by the core write, before sections write:
    convention: Convention | None = None
    # The import creates the CTG: nothing saved belongs to it yet, so a section has nothing
    # to match, replace or remove (it may skip looking).
    created: bool = False
    organisations: dict[str, Organisation] = field(default_factory=dict)  # by ref
    zones: dict[str, Zone] = field(default_factory=dict)  # by name
    users: dict[str, User] = field(default_factory=dict)  # by e-mail
    # A person editing the CTG through a spreadsheet: writes then go through the apps' write
    # services and enter the history in their name (None: a document restores a CTG).
    editor: User | None = None
    # The name of the file imported, for the histories that say where a change came from
    # ("" when a document restores a CTG: nothing changed).
    source_name: str = ""
    # How the import came, for the plan's history ("Import du classeur « x »").
    origin: str = ""
    # Set by the `plan` section's check, when the document has one (read by governance):
    plan_node_numbers: set[str] = field(default_factory=set)
    plan_action_numbers: set[str] = field(default_factory=set)
    # Set by the `plan` section's write: the saved nodes and actions by number.
    plan_nodes: dict[str, Node] = field(default_factory=dict)
    plan_actions: dict[str, Action] = field(default_factory=dict)
    _thematiques: dict[str, Thematique] | None = field(default=None, repr=False)

    def known_thematiques(self) -> set[str]:
        """The thématique codes the document may name: saved ones and its own."""
        if self.thematique_codes is None:
            thematiques = _thematique_model().objects.values_list("code", flat=True)
            self.thematique_codes = set(thematiques) | {
                t["code"] for t in self.document.get("thematiques", [])
            }
        return self.thematique_codes

    def thematiques(self) -> dict[str, Thematique]:
        """Every thématique by code, read once per document after the core wrote the
        document's own (sections write after it)."""
        if self._thematiques is None:
            self._thematiques = {t.code: t for t in _thematique_model().objects.all()}
        return self._thematiques


def _thematique_model():
    """The thématiques' model, named by its label as the schema names model fields (this
    layer sits below the apps)."""
    return apps.get_model("conventions", "Thematique")


class Section:
    key: str = ""
    schema_file: Path
    order: int = 100
    title: str = ""

    def schema(self) -> dict:
        """The file's schema, completed from the models (`core.fieldspec.expand_schema`)."""
        return expand_schema(json.loads(self.schema_file.read_text(encoding="utf-8")))

    def check(self, value: Any, ctx: ImportContext) -> list[Problem]:
        """Problems that need the database or the rest of the document (paths from the root)."""
        return []

    def write(self, value: Any, ctx: ImportContext) -> None:
        raise NotImplementedError

    def export(self, convention) -> Any:
        """The section's value for this CTG; an empty value leaves the key out."""
        raise NotImplementedError

    def referenced(self, model, exported: Any) -> set[str]:
        """What the section's exported value names of `model` (the codes of thématiques), so
        the export defines each one and the document imports into an empty database. By
        default, the values its schema file ties to a relation to that model (`x-model-field`,
        or an exposure's field through `x-fields`); a section naming them otherwise overrides
        this."""
        raw = json.loads(self.schema_file.read_text(encoding="utf-8"))
        return set(references_in(raw, exported, model))


def references_in(schema: Any, value: Any, model) -> Iterator[str]:
    """The values in `value` that name an object of `model`, walking `schema` beside it."""
    if not isinstance(schema, dict) or value is None:
        return
    label = schema.get("x-model-field")
    if label and field_by_label(label).related_model is model:
        yield from _codes(value)
        return
    if isinstance(value, dict):
        if label := schema.get("x-fields"):
            exposure = exposure_of(label)
            for item in exposure.exposed:
                related = exposure.model_field(item.name).related_model
                if item.exchange and related is model and item.key in value:
                    yield from _codes(value[item.key])
        for key, sub_schema in schema.get("properties", {}).items():
            if key in value:
                yield from references_in(sub_schema, value[key], model)
    elif isinstance(value, list):
        for item in value:
            yield from references_in(schema.get("items"), item, model)


def _codes(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))


_registry: dict[str, Section] = {}
# Sections named by their dotted path, imported the first time the sections are asked for:
# apps register them at start-up, and importing them (services, e-mail, iCalendar...) would
# slow down every command and server start for nothing.
_pending: list[str] = []
_loading = threading.Lock()


def register(section: Section | str) -> Section | str:
    """Register a section, or the dotted path of a Section class to build when first needed."""
    if isinstance(section, str):
        _pending.append(section)
        return section
    if not section.key:
        raise ValueError("A section needs a key.")
    _registry[section.key] = section
    return section


def sections() -> list[Section]:
    with _loading:
        while _pending:
            register(import_string(_pending.pop(0))())
    return sorted(_registry.values(), key=lambda s: (s.order, s.key))
