"""How one model field's value reads outside the application: its JSON Schema, its value in
the exchange document, in the history, in a spreadsheet cell and in a page form. Everything is
read from the model field itself (type, length, bounds, choices); `core.fieldspec` applies it
to the fields a model exposes."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from .fieldspec import Exposed

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
        if len(set(value)) != len(value):
            raise ValidationError(
                gettext_lazy("Chaque valeur ne figure qu'une fois dans la liste."), code="duplicate"
            )

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and self.choices is other.choices


@deconstructible
class TextListValidator:
    """A list (JSONField) of non-empty texts, at most `max_items` of at most `max_length`
    characters each. The exchange schema, the form and the API read the bounds from it."""

    code = "invalid_list"

    def __init__(self, *, max_items: int, max_length: int):
        self.max_items = max_items
        self.max_length = max_length

    def __call__(self, value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(gettext_lazy("Une liste de textes est attendue."), code="invalid")
        if len(value) > self.max_items:
            raise ValidationError(
                gettext_lazy("Au plus %(max)s éléments (%(count)s donnés)."),
                code=self.code,
                params={"max": self.max_items, "count": len(value)},
            )
        for item in value:
            if not item.strip() or len(item) > self.max_length:
                raise ValidationError(
                    gettext_lazy("Chaque élément compte de 1 à %(max)s caractères."),
                    code=self.code,
                    params={"max": self.max_length},
                )

    def __eq__(self, other):
        return (
            isinstance(other, TextListValidator)
            and self.max_items == other.max_items
            and self.max_length == other.max_length
        )


def text_list(field: models.Field) -> TextListValidator | None:
    """The bounds of a JSONField list of texts, else None."""
    for validator in field.validators:
        if isinstance(validator, TextListValidator):
            return validator
    return None


class CellError(ValueError):
    """A spreadsheet cell that cannot be read; the message is French and says why."""


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
    schema = _value_schema(field)
    checked = (RangeValidator, DateRangeValidator)
    if any(isinstance(v, checked) for v in field.validators) or hasattr(field, "exchange_schema"):
        schema = {"x-model-field": _label_of(field), **schema}
    if exposed is not None and exposed.pattern:
        schema["pattern"] = exposed.pattern
    if exposed is not None and exposed.description:
        schema["description"] = exposed.description
    elif isinstance(field.help_text, Promise) and "description" not in schema:
        # Only a help text written for users (translated) is said in the schema.
        schema["description"] = str(field.help_text)
    return schema


def _value_schema(field: models.Field) -> dict:
    if field.many_to_many:
        return {"type": "array", "items": {"type": "string"}}
    if field.many_to_one:
        return {"type": "string"}
    if hasattr(field, "exchange_schema"):  # a field that says how it is written outside
        return field.exchange_schema()
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, models.DateTimeField):
        return {"type": "string", "description": "Date et heure ISO 8601."}
    if isinstance(field, models.DateField):
        return {"type": "string", "pattern": DATE_PATTERN, "description": "Date AAAA-MM-JJ."}
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return _number_schema(field)
    if isinstance(field, models.JSONField):
        return _list_schema(field)
    if field.choices:
        return {"enum": [value for value, _label in field.choices if value != ""]}
    schema: dict[str, Any] = {"type": "string"}
    if not field.blank:
        schema["minLength"] = 1
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    return schema


def _list_schema(field: models.Field) -> dict:
    if choices := choice_list(field):
        return {"type": "array", "items": {"enum": list(choices.values)}, "uniqueItems": True}
    schema = {"type": "array", "items": {"type": "string", "minLength": 1}}
    if texts := text_list(field):
        schema["items"]["maxLength"] = texts.max_length
        schema["maxItems"] = texts.max_items
    return schema


def _number_schema(field: models.Field) -> dict:
    schema: dict[str, Any] = {
        "type": "integer" if isinstance(field, models.IntegerField) else "number"
    }
    low, high = bounds(field)
    if low is not None:
        schema["minimum"] = _json_number(low)
    if high is not None:
        schema["maximum"] = _json_number(high)
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
    if hasattr(field, "to_exchange"):
        return field.to_exchange(value)
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
    if hasattr(field, "from_exchange"):
        return field.from_exchange(value)
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
    if hasattr(field, "from_exchange"):
        # A day is a date cell; a month, "fin 2023"... the French words.
        when = field.from_exchange(value)
        return when.start if when.precision == "jour" else str(when)
    if isinstance(value, list):
        return _separator(field).join(str(v) for v in value)
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
        return yes_cell(value)
    if value is None or _text(value) == "":
        return None
    if field.many_to_many or isinstance(field, models.JSONField):
        return _list_cell(field, value)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return date_cell(field, value)
    if hasattr(field, "from_exchange"):
        return _approximate_cell(field, value)
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return _number_cell(field, value)
    if field.choices:
        return _choice_cell(field, value, exposed)
    text = _text(value)
    if getattr(field, "max_length", None) and len(text) > field.max_length:
        raise CellError(f"trop long ({len(text)} caractères, {field.max_length} au plus)")
    return text


def yes_cell(value) -> bool:
    """A yes/no cell: « oui », « non », x, 1, 0, vrai, faux… (empty: no). Raises CellError."""
    raw = _text(value).lower()
    if raw in NO_WORDS:
        return False
    if raw in YES_WORDS:
        return True
    raise CellError(f"« oui » ou « non » attendu, « {value} » trouvé")


def _list_cell(field: models.Field, value) -> list[str]:
    """Codes (or their labels) separated by commas, or free texts one per line."""
    items = split_list(_text(value), _separator(field).strip() or "\n")
    choices = choice_list(field) if isinstance(field, models.JSONField) else None
    if not choices:
        return items
    by_label = {str(label).lower(): code for code, label in choices.choices}
    items = [by_label.get(i.lower(), i) for i in items]
    for item in items:
        if item not in choices.values:
            labels = ", ".join(f"{code} ({label})" for code, label in choices.choices)
            raise CellError(f"valeur « {item} » inconnue ; possibles : {labels}")
    return items


def _choice_cell(field: models.Field, value, exposed: Exposed) -> str:
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


def _separator(field: models.Field) -> str:
    """Codes share a cell separated by commas; free texts (which hold commas) by lines."""
    if isinstance(field, models.JSONField) and not choice_list(field):
        return "\n"
    return ", "


def _approximate_cell(field, value) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%Y-%m-%d")
    try:
        return field.from_exchange(_text(value)).exchange
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from exc


def date_cell(field, value) -> str:
    """A cell (a date, or text as JJ/MM/AAAA, AAAA-MM-JJ, JJ/MM/AA) as an ISO date that fits
    the model field `field`; CellError says why not."""
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
    if isinstance(field, models.JSONField) and not choices:
        return LinesField(
            label=capfirst(field.verbose_name),
            required=not field.blank,
            help_text=field.help_text,
            validators=list(field.validators),
        )
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
    elif isinstance(field, (models.IntegerField, models.DecimalField)):
        # The form refuses what the model refuses, with the model's message, and the browser
        # knows the bounds.
        kwargs.setdefault(
            "validators", [v for v in field.validators if isinstance(v, RangeValidator)]
        )
        formfield = field.formfield(**kwargs)
        low, high = bounds(field)
        if formfield is not None and low is not None and high is not None:
            formfield.widget.attrs.update({"min": _json_number(low), "max": _json_number(high)})
        return formfield
    elif isinstance(field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    elif field.many_to_many:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
    return field.formfield(**kwargs)


class LinesField(forms.CharField):
    """A list of texts typed one per line in a text area."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)
