"""The CTG's side of the directory: its coordination loads data·inclusion files into the offer."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.access import convention_view, requires
from ctg_pilote.core.uploads import upload_size
from ctg_pilote.diagnostic import perms


class DataInclusionImportForm(forms.Form):
    structures = forms.FileField(
        label=_("Fichier des structures (structures.json)"),
        validators=[upload_size],
        help_text=_(
            "Une liste de structures au schéma data·inclusion v1 (ou une page de l'API "
            "data·inclusion, avec « items »), par exemple un export DORA."
        ),
    )
    services = forms.FileField(
        label=_("Fichier des services (services.json)"),
        validators=[upload_size],
        help_text=_(
            "Une liste de services au schéma data·inclusion v1 ; chacun nomme sa structure "
            "(structure_id) et une commune du territoire de la CTG (code_insee)."
        ),
    )


@convention_view(perms.can_view_diagnostic)
@requires(perms.can_edit_diagnostic)
def data_inclusion_import(request, convention):
    """Both files are read and every record validated before anything is written: one record
    refused and nothing is saved, each problem naming the file, the record's rank and the
    field. Done, the page reports what was created."""
    # The data·inclusion schema (pydantic) is imported here, not when the URLconf loads.
    from .datainclusion import ImportRefused, import_records, read_json_list

    form = DataInclusionImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            structures = read_json_list(form.cleaned_data["structures"], "structures")
            services = read_json_list(form.cleaned_data["services"], "services")
            result = import_records(convention, structures, services)
        except ImportRefused as error:
            for problem in error.problems:
                name = problem.split("[", 1)[0].split(" ", 1)[0]
                form.add_error(name if name in form.fields else None, problem)
        else:
            form = DataInclusionImportForm()
    context = {
        "convention": convention,
        "can_edit_diagnostic": True,
        "form": form,
        "result": result,
    }
    return render(request, "directory/data_inclusion_import.html", context)
