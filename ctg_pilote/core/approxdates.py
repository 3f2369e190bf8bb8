"""Dates as sources write them: "15 novembre 2021", "novembre 2021", "fin 2023", "2e trimestre
2024", "mi-2023". An `ApproximateDate` keeps its precision (day, month, quarter, half-year, year)
and, above the day, a position in that span (début, milieu, fin). It is stored in one column
whose text begins with the first day covered, so ordering by it orders by start date."""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import DATE_MAX, DATE_MIN

DAY, MONTH, QUARTER, HALF, YEAR = "jour", "mois", "trimestre", "semestre", "annee"
PRECISIONS = (DAY, MONTH, QUARTER, HALF, YEAR)
START, MIDDLE, END = "debut", "milieu", "fin"
POSITIONS = ("", START, MIDDLE, END)

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_FOLDED_MONTHS = {
    unicodedata.normalize("NFKD", m).encode("ascii", "ignore").decode(): i
    for i, m in enumerate(MONTHS, start=1)
}
_FOLDED_MONTHS.update({"fevr": 2, "janv": 1, "sept": 9, "oct": 10, "nov": 11, "dec": 12})

# The canonical text of the exchange format; also what the JSON Schema's pattern accepts.
EXCHANGE_PATTERN = (
    r"^(?:\d{4}-\d{2}-\d{2}|(?:(?:début|mi-|fin) ?)?\d{4}(?:-\d{2}|-T[1-4]|-S[12])?)$"
)
EXAMPLES = "15/06/2025, 2025-06-15, novembre 2021, 2021-11, 2024-T2, fin 2023, début 2022, mi-2023"
INVALID = _("Date « %(value)s » illisible : écrivez par exemple %(examples)s.")

_NUMBERED = {1: "1er", 2: "2e", 3: "3e", 4: "4e"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip()


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@dataclass(frozen=True, order=False)
class ApproximateDate:
    """A day, month, quarter, half-year or year, optionally narrowed to its beginning,
    middle or end (thirds of the span)."""

    year: int
    month: int = 1  # first month of the span (quarter: 1, 4, 7, 10; half-year: 1, 7)
    day: int = 1
    precision: str = DAY
    position: str = ""

    # ---- reading ------------------------------------------------------------------------

    @classmethod
    def from_date(cls, value: datetime.date) -> ApproximateDate:
        return cls(value.year, value.month, value.day, DAY)

    @classmethod
    def parse(cls, value) -> ApproximateDate:
        """Any of the written forms (see EXAMPLES); a ValidationError in French otherwise."""
        if isinstance(value, ApproximateDate):
            return value
        if isinstance(value, datetime.datetime):
            return cls.from_date(value.date())
        if isinstance(value, datetime.date):
            return cls.from_date(value)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise _invalid(value)
        found = _parse(value)
        if found is None:
            raise _invalid(value)
        found.check()
        return found

    @classmethod
    def from_db(cls, value: str) -> ApproximateDate:
        """The stored text "AAAA-MM-JJ|precision|position" (or a bare ISO date)."""
        start, _sep, rest = value.partition("|")
        precision, _sep, position = rest.partition("|")
        day = datetime.date.fromisoformat(start)
        if not precision:
            return cls.from_date(day)
        month = day.month
        if position:
            # The stored start is the start of the narrowed part: go back to the span's.
            month = {MONTH: day.month, QUARTER: (day.month - 1) // 3 * 3 + 1}.get(
                precision, 1 if precision == YEAR else (day.month - 1) // 6 * 6 + 1
            )
        return cls(day.year, month, day.day if precision == DAY else 1, precision, position)

    def check(self) -> None:
        try:
            start, end = self.start, self.end
        except ValueError as exc:
            raise _invalid(self.exchange) from exc
        if self.position and self.precision == DAY:
            raise _invalid(self.exchange)
        if start < DATE_MIN or end > DATE_MAX:
            raise ValidationError(
                _("Date hors limites (%(value)s) : entre %(min)s et %(max)s."),
                code="date_out_of_range",
                params={"value": str(self), "min": DATE_MIN.year, "max": DATE_MAX.year},
            )

    # ---- the span -----------------------------------------------------------------------

    @property
    def _months(self) -> int:
        return {DAY: 0, MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}[self.precision]

    def _span(self) -> tuple[datetime.date, datetime.date]:
        if self.precision == DAY:
            day = datetime.date(self.year, self.month, self.day)
            return day, day
        first = datetime.date(self.year, self.month, 1)
        last_month = self.month + self._months - 1
        last = datetime.date(self.year, last_month, _last_day(self.year, last_month))
        return first, last

    @property
    def start(self) -> datetime.date:
        return self._narrowed()[0]

    @property
    def end(self) -> datetime.date:
        return self._narrowed()[1]

    def _narrowed(self) -> tuple[datetime.date, datetime.date]:
        first, last = self._span()
        if not self.position:
            return first, last
        if self.precision == MONTH:
            # début: 1-10, milieu: 11-20, fin: 21-end of month.
            bounds = {START: (1, 10), MIDDLE: (11, 20), END: (21, last.day)}[self.position]
            return first.replace(day=bounds[0]), first.replace(day=bounds[1])
        third = self._months // 3
        index = POSITIONS.index(self.position) - 1
        start_month = self.month + index * third
        end_month = start_month + third - 1
        return (
            datetime.date(self.year, start_month, 1),
            datetime.date(self.year, end_month, _last_day(self.year, end_month)),
        )

    def is_past(self, today: datetime.date | None = None) -> bool:
        return self.end < (today or timezone.localdate())

    def is_future(self, today: datetime.date | None = None) -> bool:
        return self.start > (today or timezone.localdate())

    # ---- writing ------------------------------------------------------------------------

    @property
    def exchange(self) -> str:
        """The canonical text of the exchange format: 2021-11-15, 2021-11, fin 2023, 2024-T2."""
        if self.precision == DAY:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        body = {
            MONTH: f"{self.year:04d}-{self.month:02d}",
            QUARTER: f"{self.year:04d}-T{(self.month - 1) // 3 + 1}",
            HALF: f"{self.year:04d}-S{(self.month - 1) // 6 + 1}",
            YEAR: f"{self.year:04d}",
        }[self.precision]
        prefix = {"": "", START: "début ", MIDDLE: "mi-", END: "fin "}[self.position]
        return prefix + body

    @property
    def db_value(self) -> str:
        return f"{self.start.isoformat()}|{self.precision}|{self.position}"

    def __str__(self) -> str:
        """French, as a document writes it."""
        if self.precision == DAY:
            day = "1er" if self.day == 1 else str(self.day)
            return f"{day} {MONTHS[self.month - 1]} {self.year}"
        body = {
            MONTH: f"{MONTHS[self.month - 1]} {self.year}",
            QUARTER: f"{_NUMBERED[(self.month - 1) // 3 + 1]} trimestre {self.year}",
            HALF: f"{_NUMBERED[(self.month - 1) // 6 + 1]} semestre {self.year}",
            YEAR: str(self.year),
        }[self.precision]
        if self.position == MIDDLE:
            return f"mi-{body}"
        return {"": "", START: "début ", END: "fin "}[self.position] + body

    def __lt__(self, other: ApproximateDate) -> bool:
        return self.sort_key < other.sort_key

    @property
    def sort_key(self) -> tuple:
        return (self.start, self.end)

    @property
    def short(self) -> str:
        """Compact form for tables: 15/11/2021, 11/2021, fin 2023."""
        if self.precision == DAY:
            return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"
        if self.precision == MONTH and not self.position:
            return f"{self.month:02d}/{self.year:04d}"
        return str(self)


def _invalid(value) -> ValidationError:
    return ValidationError(
        INVALID, code="invalid_date", params={"value": value, "examples": EXAMPLES}
    )


_POSITION_WORDS = (
    (r"^(?:debut|commencement)\s+(?:de\s+|d')?", START),
    (r"^(?:mi-|mi |milieu\s+(?:de\s+|d')?)", MIDDLE),
    (r"^fin\s+(?:de\s+|d')?", END),
)
_ORDINAL = r"(1|2|3|4)\s*(?:er|ere|e|eme|nd|nde|d)?"


def _parse(text: str) -> ApproximateDate | None:
    folded = _fold(text)
    position = ""
    for pattern, word in _POSITION_WORDS:
        match = re.match(pattern, folded)
        if match:
            position, folded = word, folded[match.end() :].strip()
            break
    found = _parse_body(folded)
    if found is None or (position and found.precision == DAY):
        return None
    return ApproximateDate(found.year, found.month, found.day, found.precision, position)


def _parse_body(text: str) -> ApproximateDate | None:  # noqa: C901 - one form per branch
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return ApproximateDate(int(m[1]), int(m[2]), int(m[3]), DAY)
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text):
        return ApproximateDate(int(m[3]), int(m[2]), int(m[1]), DAY)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        return ApproximateDate(int(m[1]), int(m[2]), 1, MONTH)
    if m := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        return ApproximateDate(int(m[2]), int(m[1]), 1, MONTH)
    if m := re.fullmatch(r"(\d{4})", text):
        return ApproximateDate(int(m[1]), 1, 1, YEAR)
    if m := re.fullmatch(r"(\d{4})-?t([1-4])|t([1-4]) (\d{4})", text):
        year, quarter = (m[1], m[2]) if m[1] else (m[4], m[3])
        return ApproximateDate(int(year), (int(quarter) - 1) * 3 + 1, 1, QUARTER)
    if m := re.fullmatch(r"(\d{4})-?s([12])|s([12]) (\d{4})", text):
        year, half = (m[1], m[2]) if m[1] else (m[4], m[3])
        return ApproximateDate(int(year), (int(half) - 1) * 6 + 1, 1, HALF)
    if m := re.fullmatch(_ORDINAL + r" trimestre (?:de |d')?(\d{4})", text):
        return ApproximateDate(int(m[2]), (int(m[1]) - 1) * 3 + 1, 1, QUARTER)
    if m := re.fullmatch(r"(1|2)\s*(?:er|ere|e|eme|nd|nde|d)? semestre (?:de |d')?(\d{4})", text):
        return ApproximateDate(int(m[2]), (int(m[1]) - 1) * 6 + 1, 1, HALF)
    if m := re.fullmatch(r"(?:(\d{1,2})(?:er)? )?([a-z]+)\.? (\d{4})", text):
        month = _FOLDED_MONTHS.get(m[2])
        if month is None:
            return None
        if m[1]:
            return ApproximateDate(int(m[3]), month, int(m[1]), DAY)
        return ApproximateDate(int(m[3]), month, 1, MONTH)
    return None


class ApproximateDateField(models.CharField):
    """A model field holding an `ApproximateDate` (None when blank). Forms, the exchange
    schema, spreadsheet cells and the history read it through `core.fieldvalues`."""

    description = _("Date approximative")
    max_length_default = 24

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.max_length_default)
        super().__init__(*args, **kwargs)
        # The stored text's length is this field's business, not the user's.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == self.max_length_default:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return None
        return ApproximateDate.from_db(value)

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, str) and "|" in value:
            return ApproximateDate.from_db(value)
        return ApproximateDate.parse(value)

    def get_prep_value(self, value):
        if value in (None, ""):
            return None if self.null else ""
        return self.to_python(value).db_value

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.exchange if value else ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ApproximateDateFormField, **kwargs})

    # What core.fieldvalues reads (a field that says how it is written outside).
    def exchange_schema(self) -> dict:
        return {
            "type": ["string", "integer"],
            "pattern": EXCHANGE_PATTERN,
            "minimum": DATE_MIN.year,
            "maximum": DATE_MAX.year,
            "description": (
                "Date telle que la source l'écrit : AAAA-MM-JJ, AAAA-MM, AAAA, AAAA-T1…T4, "
                "AAAA-S1/S2, précédée au besoin de « début », « mi- » ou « fin »."
            ),
        }

    def to_exchange(self, value: ApproximateDate | None):
        return value.exchange if value else None

    def from_exchange(self, value) -> ApproximateDate | None:
        return None if value in (None, "") else ApproximateDate.parse(value)

    def display(self, value: ApproximateDate | None) -> str:
        return str(value) if value else ""


class ApproximateDateFormField(forms.CharField):
    """A text input reading every written form; the French message lists examples."""

    def __init__(self, *, max_length=None, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("Ex. 15/06/2025, novembre 2021, 2e trimestre 2024, fin 2023."),
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "60")

    def prepare_value(self, value):
        if isinstance(value, ApproximateDate):
            return value.short if value.precision == DAY else str(value)
        if isinstance(value, str) and "|" in value:
            return str(ApproximateDate.from_db(value))
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 60:
            raise _invalid(value[:60] + "…")
        return ApproximateDate.parse(value)

    def has_changed(self, initial, data):
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        if isinstance(initial, str) and initial:
            try:
                initial = (
                    ApproximateDate.parse(initial)
                    if "|" not in initial
                    else (ApproximateDate.from_db(initial))
                )
            except ValidationError:
                return True
        return (initial or None) != new
