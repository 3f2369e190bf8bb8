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
from ctg_pilote.core.uploads import upload_size

from . import perms
from .importer import IndicatorImportError, import_indicator_file


class IndicatorFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de valeurs (CSV ou XLSX, tel que téléchargé)"),
        validators=[upload_size],
        help_text=_(
            "Reconnu à son en-tête : exports data.caf.fr (toutes prestations, quotient "
            "familial, taux de couverture petite enfance), bases communales INSEE, FiLoSoFi "
            "(communes ou EPCI), fichiers Melodi."
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
        {
            "convention": convention,
            "can_edit": convention_perms.can_edit(request.user, convention),
            "form": form,
        },
    )
