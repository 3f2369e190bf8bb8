"""The indicator page's one form: baseline, then per year of the CTG the target, the value
measured, its comment and source. An empty cell is "not known", never 0."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core.validators import model_validators
from ctg_pilote.core.versioning import VersionedFormMixin

from .forms import FrenchDecimalField, plain
from .models import Indicator, IndicatorTarget, IndicatorValue
from .services_indicators import MeasuredCell


def _decimal(label, model, name, initial):
    return FrenchDecimalField(
        label=label,
        required=False,
        localize=True,
        max_digits=14,
        decimal_places=2,
        validators=model_validators(model, name),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        initial=plain(initial),
    )


def _text(label, model, name, initial):
    return forms.CharField(
        label=label,
        required=False,
        max_length=model._meta.get_field(name).max_length,
        initial=initial,
        widget=forms.TextInput(attrs={"size": 14}),
    )


class IndicatorTableForm(VersionedFormMixin, forms.Form):
    """`can_edit_figures`: baseline and targets (the indicator's editors); `can_record`: the
    measured values (those who follow the action). Fields one may not change are disabled."""

    def __init__(self, *args, indicator: Indicator, can_edit_figures: bool, can_record: bool, **kw):
        kw.setdefault("initial", {})["version"] = indicator.version
        super().__init__(*args, **kw)
        convention = indicator.convention
        self.indicator = indicator
        self.years = list(range(convention.start_year, convention.end_year + 1))
        targets = {t.year: t.value for t in indicator.targets.all()}
        values = {v.year: v for v in indicator.values.all()}
        self.saved_values = values
        self.fields["baseline_value"] = _decimal(
            _("Valeur de départ"), Indicator, "baseline_value", indicator.baseline_value
        )
        self.fields["baseline_year"] = forms.IntegerField(
            label=_("Année de départ"),
            required=False,
            validators=model_validators(Indicator, "baseline_year"),
            initial=indicator.baseline_year,
            widget=forms.NumberInput(attrs={"size": 5}),
        )
        for year in self.years:
            saved = values.get(year)
            self.fields[f"target_{year}"] = _decimal(
                _("Cible %(year)s") % {"year": year}, IndicatorTarget, "value", targets.get(year)
            )
            self.fields[f"value_{year}"] = _decimal(
                _("Valeur mesurée %(year)s") % {"year": year},
                IndicatorValue,
                "value",
                saved.value if saved else None,
            )
            self.fields[f"comment_{year}"] = _text(
                _("Commentaire %(year)s") % {"year": year},
                IndicatorValue,
                "comment",
                saved.comment if saved else "",
            )
            self.fields[f"source_{year}"] = _text(
                _("Source %(year)s") % {"year": year},
                IndicatorValue,
                "source",
                saved.source if saved else "",
            )
        for name in self.fields:
            if name.startswith(("baseline_", "target_")):
                self.fields[name].disabled = not can_edit_figures
            elif name != "version":
                self.fields[name].disabled = not can_record

    def clean(self):
        data = super().clean()
        value, year = data.get("baseline_value"), data.get("baseline_year")
        if (value is None) != (year is None) and not self.has_error("baseline_value"):
            self.add_error(
                "baseline_year" if year is None else "baseline_value",
                _("Donnez à la fois la valeur de départ et son année, ou aucune des deux."),
            )
        end = self.indicator.convention.end_year
        if year is not None and year > end:
            self.add_error(
                "baseline_year",
                _("L'année de départ ne peut pas suivre la fin de la CTG (%(end)s).")
                % {"end": end},
            )
        for y in self.years:
            has_text = data.get(f"comment_{y}") or data.get(f"source_{y}")
            if has_text and data.get(f"value_{y}") is None and not self.has_error(f"value_{y}"):
                self.add_error(
                    f"value_{y}",
                    _(
                        "Un commentaire ou une source sans valeur : donnez la valeur mesurée "
                        "en %(year)s, ou effacez le commentaire et la source."
                    )
                    % {"year": y},
                )
        return data

    def rows(self):
        """One row per year for the template: (year, target, value, comment, source)."""
        return [
            (y, self[f"target_{y}"], self[f"value_{y}"], self[f"comment_{y}"], self[f"source_{y}"])
            for y in self.years
        ]

    def baseline(self):
        return self.cleaned_data["baseline_value"], self.cleaned_data["baseline_year"]

    def targets(self):
        return {
            y: self.cleaned_data[f"target_{y}"]
            for y in self.years
            if self.cleaned_data.get(f"target_{y}") is not None
        }

    def values(self) -> dict[int, MeasuredCell]:
        return {
            y: MeasuredCell(
                self.cleaned_data[f"value_{y}"],
                self.cleaned_data[f"comment_{y}"].strip(),
                self.cleaned_data[f"source_{y}"].strip(),
            )
            for y in self.years
            if self.cleaned_data.get(f"value_{y}") is not None
        }
