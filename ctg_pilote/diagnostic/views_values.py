"""Import a file of indicator values from the portrait page (the same importer as the
`import_indicators` command). Every view goes through convention_view(perm)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions import perms as convention_perms
from ctg_pilote.conventions.access import convention_view
from ctg_pilote.core import revisions
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.uploads import upload_size

from . import perms
from .importer import IndicatorImportError, import_indicator_file
from .models import AggregationRule, Indicator
from .values_edit import (
    ValuesChanged,
    ValuesRefused,
    current_values,
    fingerprint,
    format_cell,
    save_commune_values,
)


class IndicatorFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de valeurs (CSV, XLSX, GeoJSON ou ZIP, tel que téléchargé)"),
        validators=[upload_size],
        help_text=_(
            "Reconnu à son en-tête : exports data.caf.fr (toutes prestations, quotient "
            "familial, taux de couverture petite enfance), bases communales INSEE, FiLoSoFi "
            "(communes ou EPCI), fichiers Melodi, liste des quartiers prioritaires (ANCT)."
        ),
    )
    fictitious = forms.BooleanField(label=_("Valeurs fictives (exemple)"), required=False)


@convention_view(perms.can_edit_diagnostic)
def values_import(request, convention):
    form = IndicatorFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name or "valeurs.csv").suffix or ".csv"
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                report = import_indicator_file(
                    Path(handle.name),
                    upload=True,
                    name=upload.name,
                    fictitious=form.cleaned_data["fictitious"],
                    geography=convention.vintage,
                )
            except IndicatorImportError as error:
                for problem in error.problems:
                    form.add_error("file", problem)
        if report is not None:
            revisions.bump_all()
            for line in report.lines():
                messages.info(request, line)
            return redirect("diagnostic:portrait", convention.slug)
    return render(
        request,
        "diagnostic/values_import.html",
        _page(request, convention, form=form),
    )


class GridChoiceForm(forms.Form):
    indicateur = forms.ModelChoiceField(
        label=_("Indicateur"),
        queryset=Indicator.objects.exclude(rule=AggregationRule.RATIO),
        to_field_name="code",
    )
    annee = forms.IntegerField(
        label=_("Année"), min_value=bounds.YEAR_MIN, max_value=bounds.YEAR_MAX
    )


class GridForm(forms.Form):
    source = forms.CharField(
        label=_("Source des valeurs saisies"),
        max_length=200,
        help_text=_("Ex. « CAF de la Charente-Maritime, tableau remis en mars 2024 »."),
    )
    fictitious = forms.BooleanField(label=_("Valeurs fictives (exemple)"), required=False)
    empreinte = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, communes, values, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = communes
        for commune in communes:
            found = values.get(commune.pk)
            self.fields[f"c{commune.pk}"] = forms.CharField(
                label=f"{commune.name} ({commune.code})",
                required=False,
                max_length=40,
                initial=format_cell(found.value) if found else "",
            )

    def cells(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") or "" for c in self.communes}


@convention_view(perms.can_edit_diagnostic)
def values_edit(request, convention):
    """The grid of one indicator's values for one year, commune by commune."""
    choice = GridChoiceForm(request.GET or None)
    if not choice.is_valid():
        return render(
            request,
            "diagnostic/values_grid.html",
            _page(request, convention, choice=choice, form=None),
        )
    indicator, year = choice.cleaned_data["indicateur"], choice.cleaned_data["annee"]
    communes = list(convention.communes.order_by("name"))
    values = current_values(indicator, year, communes)
    form = GridForm(
        request.POST or None,
        communes=communes,
        values=values,
        initial={"empreinte": fingerprint(values)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = save_commune_values(
                convention=convention,
                user=request.user,
                indicator=indicator,
                year=year,
                source=form.cleaned_data["source"],
                cells=form.cells(),
                expected=form.cleaned_data["empreinte"],
                fictitious=form.cleaned_data["fictitious"],
            )
        except ValuesRefused as error:
            for commune_id, problem in error.problems.items():
                form.add_error(f"c{commune_id}", problem)
        except ValuesChanged:
            form.add_error(
                None,
                _(
                    "Ces valeurs ont été modifiées par quelqu'un d'autre depuis l'ouverture de "
                    "la page : rien n'a été enregistré. Rechargez la page pour voir les "
                    "nouvelles valeurs."
                ),
            )
        else:
            revisions.bump_all()
            messages.success(request, _("%(n)s valeurs enregistrées.") % {"n": count})
            return redirect(request.get_full_path())
    rows = [(c, form[f"c{c.pk}"], values.get(c.pk)) for c in communes]
    return render(
        request,
        "diagnostic/values_grid.html",
        _page(
            request,
            convention,
            choice=choice,
            form=form,
            rows=rows,
            indicator=indicator,
            year=year,
        ),
    )


@convention_view(perms.can_view_diagnostic)
def history(request, convention):
    edits = convention.diagnostic_edits.select_related("user")[:300]
    return render(request, "diagnostic/history.html", _page(request, convention, edits=edits))


def _page(request, convention, **extra):
    return {
        "convention": convention,
        "can_edit": convention_perms.can_edit(request.user, convention),
        "can_edit_diagnostic": perms.can_edit_diagnostic(request.user, convention),
        **extra,
    }
