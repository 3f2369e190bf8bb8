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
guard test (tests/core/test_fieldspec.py) fails when a concrete model field is neither
exposed, part of a composite, nor listed in `internal` (ids, versions, timestamps...).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .validators import DateRangeValidator, RangeValidator, field_problem

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
YES, NO = "oui", "non"
YES_WORDS = {YES, "o", "1", "true", "vrai", "x"}
NO_WORDS = {NO, "n", "0", "false", "faux", ""}


@deconstructible
class ChoiceListValidator:
    """A list (JSONField) whose items are codes of `choices` (a TextChoices), each at most once.
    The exchange schema, the form and the API read the allowed codes from it."""

    message = gettext_lazy("Valeur « %(value)s » inconnue ; possibles : %(allowed)s.")
    code = "invalid_choice"

    def __init__(self, choices):
        self.choices = choices

    def __call__(self, value):
        if not isinstance(value, list):
            raise ValidationError(gettext_lazy("Une liste est attendue."), code="invalid")
        for item in value:
            if item not in self.choices.values:
                raise ValidationError(
                    self.message,
                    code=self.code,
                    params={"value": str(item)[:60], "allowed": ", ".join(self.choices.values)},
                )

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and self.choices is other.choices


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


@dataclass(frozen=True)
class Composite:
    """A key handled by hand-written code: several model fields (`fields`) or child rows."""

    key: str
    fields: tuple[str, ...] = ()  # model fields it stands for (forms and the guard test)
    columns: tuple[str, ...] = ()  # its spreadsheet columns, at this place
    tracked: bool = True
    form: bool = True


class CellError(ValueError):
    """A spreadsheet cell that cannot be read; the message is French and says why."""


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

    def get(self, name: str) -> Exposed:
        return self._by_name[name]

    def model_field(self, name: str) -> models.Field:
        return self.model._meta.get_field(name)

    def composite(self, key: str) -> Composite:
        return next(c for c in self.items if isinstance(c, Composite) and c.key == key)

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
                names.extend(
                    f
                    for f in item.fields
                    if f in {x.name for x in self.model._meta.get_fields() if x.concrete}
                    or self.model._meta.get_field(f).many_to_many
                )
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
            if e.exchange and "." not in e.key and is_required(self.model_field(e.name))
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


# ---- one model field -------------------------------------------------------------------------


def _put(target: dict, key: str, value) -> None:
    if value not in (None, "", [], {}, False):
        target[key] = value


def choice_list(field: models.Field):
    """The TextChoices of a JSONField list declared with ChoiceListValidator, else None."""
    for validator in field.validators:
        if isinstance(validator, ChoiceListValidator):
            return validator.choices
    return None


def bounds(field: models.Field) -> tuple[Any, Any]:
    """The (minimum, maximum) a number field accepts, from the validators its declaration
    gives (not the database's own integer range, which Django adds)."""
    declared = list(getattr(field, "_validators", []))
    for validator in declared:
        if isinstance(validator, RangeValidator):
            return validator.minimum, validator.maximum
    low = high = None
    for validator in declared:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    positive = (
        models.PositiveBigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
    )
    if low is None and isinstance(field, positive):
        low = 0
    return low, high


def is_required(field: models.Field) -> bool:
    return not field.blank and not field.null and not field.has_default()


def _label_of(field) -> str:
    return f"{field.model._meta.app_label}.{field.model.__name__}.{field.name}"


def field_schema(field: models.Field, exposed: Exposed | None = None) -> dict:
    """The JSON Schema of one model field's exchanged value: its type, its length, its
    bounds and its choices come from the model field."""
    exposed = exposed or Exposed(field.name, field.name)
    if field.many_to_many:
        schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
    elif field.many_to_one:
        schema = {"type": "string"}
    elif isinstance(field, models.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "description": "Date et heure ISO 8601."}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "pattern": DATE_PATTERN, "description": "Date AAAA-MM-JJ."}
    elif isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        schema = {"type": "integer" if isinstance(field, models.IntegerField) else "number"}
        low, high = bounds(field)
        if low is not None:
            schema["minimum"] = _json_number(low)
        if high is not None:
            schema["maximum"] = _json_number(high)
    elif isinstance(field, models.JSONField):
        choices = choice_list(field)
        item = {"enum": list(choices.values)} if choices else {"type": "string", "minLength": 1}
        schema = {"type": "array", "items": item}
        if choices:
            schema["uniqueItems"] = True
    elif field.choices:
        schema = {"enum": [value for value, _label in field.choices if value != ""]}
    else:
        schema = {"type": "string"}
        if not field.blank:
            schema["minLength"] = 1
        if getattr(field, "max_length", None):
            schema["maxLength"] = field.max_length
    if any(isinstance(v, (RangeValidator, DateRangeValidator)) for v in field.validators):
        schema = {"x-model-field": _label_of(field), **schema}
    if exposed.pattern:
        schema["pattern"] = exposed.pattern
    if exposed.description:
        schema["description"] = exposed.description
    elif isinstance(field.help_text, Promise) and "description" not in schema:
        # Only a help text written for users (translated) is said in the schema.
        schema["description"] = str(field.help_text)
    return schema


def _json_number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def exchange_value(field: models.Field, value, exposed: Exposed):
    """A model value as the exchange document writes it."""
    if value is None:
        return None
    if field.many_to_many:
        return [getattr(obj, exposed.ref) for obj in value.all()]
    if field.many_to_one:
        return getattr(value, exposed.ref)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _json_number(value)
    return value


def python_value(field: models.Field, value):
    """An exchanged value (already checked by the schema) as the model field holds it; None
    (absent) gives the field's default."""
    if value is None:
        if field.has_default() or field.null:
            return field.get_default()
        return "" if field.empty_strings_allowed else None
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(field, models.DecimalField):
        return Decimal(str(value))
    return value


def display_value(field: models.Field, value) -> str:
    """A value as the history shows it: labels of choices, oui/non, dd/mm/yyyy."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        choices = choice_list(field)
        labels = dict(choices.choices) if choices else {}
        return ", ".join(str(labels.get(v, v)) for v in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


# ---- spreadsheet cells -----------------------------------------------------------------------


def to_cell(field: models.Field, value, exposed: Exposed):
    """An exchanged value as a spreadsheet cell."""
    if isinstance(field, models.BooleanField):
        return YES if value else NO
    if value is None:
        return "" if not isinstance(field, (models.IntegerField, models.DecimalField)) else None
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return datetime.date.fromisoformat(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field.choices and exposed.labels:
        return str(dict(field.flatchoices).get(value, value))
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def split_list(value: str, sep: str = ",") -> list[str]:
    return [p.strip() for p in value.replace("\n", sep).split(sep) if p.strip()]


def from_cell(field: models.Field, value, exposed: Exposed):
    """A spreadsheet cell as the exchanged value (None: empty). Raises CellError."""
    if isinstance(field, models.BooleanField):
        raw = _text(value).lower()
        if raw in NO_WORDS:
            return False
        if raw in YES_WORDS:
            return True
        raise CellError(f"« oui » ou « non » attendu, « {value} » trouvé")
    if value is None or _text(value) == "":
        return None
    if field.many_to_many or isinstance(field, models.JSONField):
        items = split_list(_text(value))
        choices = choice_list(field) if isinstance(field, models.JSONField) else None
        if choices:
            by_label = {str(label).lower(): code for code, label in choices.choices}
            items = [by_label.get(i.lower(), i) for i in items]
        return items
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return _date_cell(field, value)
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return _number_cell(field, value)
    if field.choices:
        raw = _text(value)
        codes = {code: label for code, label in field.choices if code != ""}
        by_label = {str(label).lower(): code for code, label in codes.items()}
        code = raw if raw in codes else by_label.get(raw.lower())
        if code is None:
            shown = codes.values() if exposed.labels else codes.keys()
            raise CellError(
                f"valeur « {raw} » inconnue ; possibles : " + ", ".join(str(s) for s in shown)
            )
        return code
    return _text(value)


def _date_cell(field, value) -> str:
    day = None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        raw = str(value).strip()
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"):
            try:
                day = datetime.datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                pass
    if day is None:
        raise CellError(f"date illisible : « {value} » (attendu JJ/MM/AAAA)")
    if problem := field_problem(field, day):
        raise CellError(problem)
    return day.isoformat()


def _number_cell(field, value):
    if isinstance(value, bool):
        raise CellError(f"nombre illisible : « {value} »")
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        raw = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise CellError(f"nombre illisible : « {value} »") from None
    if not number.is_finite():
        raise CellError(f"nombre fini attendu : « {value} »")
    if problem := field_problem(field, number, shown=value):
        raise CellError(problem)
    if isinstance(field, models.IntegerField):
        if number != number.to_integral_value():
            raise CellError(f"nombre entier attendu : « {value} »")
        return int(number)
    return int(number) if number == number.to_integral_value() else float(number)


# ---- page forms ------------------------------------------------------------------------------


def formfield(field: models.Field, **kwargs) -> forms.Field | None:
    """The ModelForm callback (`Meta.formfield_callback`) of derived forms: a list of choices
    is a set of checkboxes, a date a date picker, a long text a text area."""
    choices = choice_list(field) if isinstance(field, models.JSONField) else None
    if choices:
        return forms.MultipleChoiceField(
            label=capfirst(field.verbose_name),
            choices=choices.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=field.help_text,
        )
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    elif isinstance(field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    elif field.many_to_many:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
    return field.formfield(**kwargs)


def iter_exposed_fields(exposure: Exposure) -> Iterable[tuple[Exposed, models.Field]]:
    for item in exposure.exposed:
        yield item, exposure.model_field(item.name)
