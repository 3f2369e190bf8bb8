"""How a model's fields are named outside the application, declared once next to the model.

An `Exposure` lists, in order, every field of one model that leaves the application: its key
in the exchange document and the API (dotted for a nested object: "pilote.personne"), its
spreadsheet column, and whether its changes go to the history. Everything else about the field
(type, length, bounds, choices, required or not, label) is read from the model field itself.

From one `Exposure` the application derives:
- the page form's fields (`form_fields`, with `formfield` as the ModelForm's callback);
- the fields recorded in the history (`tracked`) and how a value reads there (`display`);
- the JSON Schema of the exchange document (`schema_properties`, `field_schema`);
- export and import of the exchange document (`to_exchange`, `from_exchange`);
- the spreadsheet columns and the conversion of cells (`columns`, `to_cell`, `from_cell`);
- the API fields (`ctg_pilote.api.derived`).

A field that needs hand-written code outside (a territory made of three fields, child rows
such as partners or milestones) is declared as a `Composite` at its place in the order: the
derivations skip it and the app's exchange, spreadsheet and API code handle it by hand. The
guard tests (tests/plan/test_one_declaration.py, tests/exchange/test_schema_from_models.py)
fail when a concrete model field is neither exposed, part of a composite, nor listed in
`internal` (ids, versions, timestamps...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.text import capfirst

from .fieldvalues import (  # noqa: F401 (what models and derivations import from here)
    CellError,
    ChoiceListValidator,
    TextListValidator,
    _put,
    bounds,
    choice_list,
    display_value,
    exchange_value,
    field_schema,
    formfield,
    from_cell,
    is_required,
    python_value,
    split_list,
    text_list,
    to_cell,
)


@dataclass(frozen=True)
class Exposed:
    """One model field as it is named outside the application."""

    name: str  # the model field
    key: str  # exchange key and API name; "a.b" is key "b" of the object "a"
    column: str | None = None  # spreadsheet header; None: not in spreadsheets
    tracked: bool = True  # its changes are recorded in the history
    form: bool = True  # editable in the page form
    api: str = "write"  # "write", "read" (read-only) or "" (not in the API)
    exchange: bool = True  # part of the exchange document
    ref: str = ""  # a relation: the related object's attribute naming it outside ("number")
    pattern: str = ""  # a JSON Schema pattern for the exchanged text
    description: str = ""  # said in the exchange schema
    always: bool = False  # exported even when empty or the default
    labels: bool = True  # a choice shows its label in spreadsheets (codes are read too)
    required: bool | None = None  # required in the exchange document (None: as the model says)
    api_required: bool | None = None  # the API may leave it out (the service fills it)


@dataclass(frozen=True)
class Composite:
    """A key handled by hand-written code: several model fields (`fields`) or child rows."""

    key: str
    fields: tuple[str, ...] = ()  # model fields it stands for (forms and the guard test)
    columns: tuple[str, ...] = ()  # its spreadsheet columns, at this place
    tracked: bool = True
    form: bool = True


@dataclass
class Exposure:
    model: type[models.Model]
    items: list[Exposed | Composite]
    internal: tuple[str, ...] = ()  # model fields that never leave the application
    component: str = ""  # prefix of the API's nested components ("Plan")
    _by_name: dict[str, Exposed] = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name = {e.name: e for e in self.items if isinstance(e, Exposed)}
        _registry.append(self)

    # ---- what is declared ----------------------------------------------------------------

    @property
    def exposed(self) -> list[Exposed]:
        return [e for e in self.items if isinstance(e, Exposed)]

    def model_field(self, name: str) -> models.Field:
        return self.model._meta.get_field(name)

    def covered(self) -> set[str]:
        names = set(self._by_name) | set(self.internal)
        for item in self.items:
            if isinstance(item, Composite):
                names |= set(item.fields)
        return names

    def uncovered(self) -> list[str]:
        """Concrete fields of the model that nobody declared (the guard test lists them)."""
        fields = [
            f.name
            for f in self.model._meta.get_fields()
            if (f.concrete or f.many_to_many) and not f.auto_created
        ]
        pk = self.model._meta.pk.name
        return [name for name in fields if name not in self.covered() and name != pk]

    # ---- forms and history ---------------------------------------------------------------

    def form_fields(self) -> list[str]:
        names = []
        for item in self.items:
            if isinstance(item, Exposed) and item.form:
                names.append(item.name)
            elif isinstance(item, Composite) and item.form:
                names.extend(item.fields)
        return names

    def tracked(self) -> list[str]:
        """Scalar and foreign-key fields whose changes go to the history (many-to-many ones
        are compared by the write service, which receives them apart)."""
        names = []
        for item in self.items:
            if isinstance(item, Exposed):
                candidates = [item.name] if item.tracked else []
            else:
                candidates = list(item.fields) if item.tracked else []
            names.extend(n for n in candidates if not self.model_field(n).many_to_many)
        return names

    def tracked_relations(self) -> list[str]:
        names = []
        for item in self.items:
            candidates = [item.name] if isinstance(item, Exposed) else list(item.fields)
            if item.tracked:
                names.extend(n for n in candidates if self.model_field(n).many_to_many)
        return names

    def label(self, name: str) -> str:
        return capfirst(str(self.model_field(name).verbose_name))

    def display(self, obj, name: str) -> str:
        """How a field's value reads in the history and in messages."""
        return display_value(self.model_field(name), getattr(obj, name))

    # ---- the exchange document -----------------------------------------------------------

    def schema_properties(self) -> dict[str, dict]:
        """JSON Schema properties of the exposed fields (nested objects for dotted keys)."""
        properties: dict[str, dict] = {}
        for item in self.exposed:
            if not item.exchange:
                continue
            schema = field_schema(self.model_field(item.name), item)
            head, _sep, tail = item.key.partition(".")
            if tail:
                group = properties.setdefault(
                    head,
                    {"type": "object", "required": [], "additionalProperties": False},
                )
                group.setdefault("properties", {})[tail] = schema
            else:
                properties[head] = schema
        return properties

    def required_keys(self) -> list[str]:
        return [
            e.key
            for e in self.exposed
            if e.exchange
            and "." not in e.key
            and (is_required(self.model_field(e.name)) if e.required is None else e.required)
        ]

    def to_exchange(self, obj, composites: dict[str, Callable[[Any], Any]] | None = None) -> dict:
        """The object as the exchange document writes it: empty values and defaults are left
        out (unless `always`); `composites` give the value of each hand-written key (None or
        an empty list: left out)."""
        out: dict[str, Any] = {}
        for item in self.items:
            if isinstance(item, Composite):
                build = (composites or {}).get(item.key)
                value = build(obj) if build is not None else None
                if value is not None and value != []:  # an empty object says something
                    out[item.key] = value
                continue
            if not item.exchange:
                continue
            value = exchange_value(self.model_field(item.name), getattr(obj, item.name), item)
            head, _sep, tail = item.key.partition(".")
            if tail:
                group = out.get(head, {})
                _put(group, tail, value)
                if group:
                    out[head] = group
            elif item.always and value is not None:
                out[head] = value
            else:
                _put(out, head, value)
        return out

    def from_exchange(self, data: dict, resolve: Callable[[Exposed, Any], Any]) -> dict:
        """Model values of the exposed fields of one exchange item. A key that is absent takes
        the model field's default; `resolve(exposed, value)` turns references into objects (a
        list for many-to-many fields)."""
        values = {}
        for item in self.exposed:
            if not item.exchange:
                continue
            head, _sep, tail = item.key.partition(".")
            raw = data.get(head, {}).get(tail) if tail else data.get(head)
            model_field = self.model_field(item.name)
            if item.ref:
                values[item.name] = resolve(item, raw)
            else:
                values[item.name] = python_value(model_field, raw)
        return values

    # ---- spreadsheets --------------------------------------------------------------------

    def columns(self) -> list[str]:
        out = []
        for item in self.items:
            if isinstance(item, Exposed) and item.column:
                out.append(item.column)
            elif isinstance(item, Composite):
                out.extend(item.columns)
        return out

    def cells(self, item: dict, composites: dict[str, Callable[[dict], list]]) -> list:
        """One spreadsheet row from one exchange item."""
        row: list = []
        for entry in self.items:
            if isinstance(entry, Composite):
                if entry.columns:
                    row.extend(composites[entry.key](item))
                continue
            if not entry.column:
                continue
            head, _sep, tail = entry.key.partition(".")
            value = item.get(head, {}).get(tail) if tail else item.get(head)
            row.append(to_cell(self.model_field(entry.name), value, entry))
        return row

    def read_cells(self, row: dict[str, Any], problem: Callable[[str, str], None]) -> dict:
        """The exchange item of one spreadsheet row (column -> cell) for the exposed fields;
        `problem(column, message)` records a cell that cannot be read."""
        out: dict[str, Any] = {}
        for entry in self.exposed:
            if not entry.column or entry.column not in row:
                continue
            try:
                value = from_cell(self.model_field(entry.name), row[entry.column], entry)
            except CellError as error:
                problem(entry.column, str(error))
                continue
            head, _sep, tail = entry.key.partition(".")
            if tail:
                group = out.get(head, {})
                _put(group, tail, value)
                if group:
                    out[head] = group
            elif entry.always and value is not None:
                out[head] = value  # as to_exchange: an explicit 0 is a value
            else:
                _put(out, head, value)
        return out

    def column_of(self, key: str) -> str:
        """The spreadsheet column of an exchange key (a message names the column)."""
        for item in self.items:
            if isinstance(item, Exposed) and item.column and item.key.split(".")[0] == key:
                return item.column
            if isinstance(item, Composite) and item.key == key and item.columns:
                return " / ".join(item.columns)
        return ""


_registry: list[Exposure] = []


def exposures() -> list[Exposure]:
    """Every declared exposure (the guard test walks them)."""
    return list(_registry)


def exposure_of(label: str) -> Exposure:
    """'plan.Action' -> its exposure."""
    for exposure in _registry:
        meta = exposure.model._meta
        if f"{meta.app_label}.{exposure.model.__name__}" == label:
            return exposure
    raise LookupError(f"No exposure is declared for {label}.")


def expand_schema(node):
    """A section's JSON Schema with what the models declare filled in:
    - `"x-model-field": "app.Model.field"` gets the field's type, length, bounds and choices
      (what the file writes itself wins, except choices, which only the model gives);
    - `"x-fields": "app.Model"` (an object) gets the properties and required keys of that
      model's exposure, before the ones the file writes by hand."""
    if isinstance(node, list):
        return [expand_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: expand_schema(value) for key, value in node.items()}
    if label := node.get("x-model-field"):
        from .validators import field_by_label

        derived = field_schema(field_by_label(label))
        if "enum" in derived or "enum" in derived.get("items", {}):
            node.pop("enum", None)
            node.pop("type", None) if "enum" in derived else None
        node = {**derived, **node}
        node["x-model-field"] = label
    if label := node.pop("x-fields", None):
        exposure = exposure_of(label)
        node["properties"] = {**exposure.schema_properties(), **node.get("properties", {})}
        required = exposure.required_keys()
        node["required"] = required + [k for k in node.get("required", []) if k not in required]
    return node
