"""Spreadsheet exports and imports of the plan."""

from pathlib import PurePath

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.conventions.perms import can_edit
from ctg_pilote.core.spreadsheets import FileRefused
from ctg_pilote.core.uploads import check_upload

from . import perms
from .action_refs import numbering_warnings
from .exchange import PlanSection

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@convention_view(perms.can_view_plan)
def export_xlsx(request, convention):
    from . import spreadsheet  # openpyxl, YAML and JSON Schema: loaded when used

    wb = spreadsheet.build_workbook(convention, PlanSection().export(convention))
    return _download(spreadsheet.workbook_bytes(wb), XLSX, f"plan-{convention.slug}.xlsx")


@convention_view(perms.can_view_plan)
def template_xlsx(request, convention):
    from . import spreadsheet  # openpyxl, YAML and JSON Schema: loaded when used

    wb = spreadsheet.build_workbook(convention, None)
    return _download(spreadsheet.workbook_bytes(wb), XLSX, "modele-plan-d-action.xlsx")


@convention_view(perms.can_view_plan)
def export_csv(request, convention):
    from . import spreadsheet  # openpyxl, YAML and JSON Schema: loaded when used

    content = spreadsheet.actions_csv(convention, PlanSection().export(convention))
    return _download(content, "text/csv; charset=utf-8", f"actions-{convention.slug}.csv")


@convention_view(perms.can_edit_plan)
def import_xlsx(request, convention):
    from . import spreadsheet  # openpyxl, YAML and JSON Schema: loaded when used

    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [_("Fichier : choisissez un classeur XLSX ou un fichier CSV.")]
        else:
            try:
                check_upload(upload)
                data = upload.read()
                name = PurePath(upload.name).name[:150]
                if upload.name.lower().endswith(".csv"):
                    tables = spreadsheet.read_csv(data, name=upload.name)
                    origin = _("Import du fichier CSV « %(name)s »") % {"name": name}
                else:
                    tables = spreadsheet.read_workbook(data, name=upload.name)
                    origin = _("Import du classeur « %(name)s »") % {"name": name}
                section = spreadsheet.import_tables(
                    convention, tables, by=request.user, file_name=name, origin=origin
                )
            except FileRefused as error:
                problems = [str(error)]
            except spreadsheet.SheetError as error:
                problems = error.problems
            else:
                messages.success(
                    request,
                    _("Plan importé : %(nodes)s éléments, %(actions)s actions.")
                    % {
                        "nodes": len(section.get("noeuds", [])),
                        "actions": len(section.get("actions", [])),
                    },
                )
                actions = section.get("actions", [])
                for i, message in numbering_warnings(a.get("numero", "") for a in actions):
                    messages.warning(
                        request,
                        _("Action « %(title)s » : %(message)s.")
                        % {"title": actions[i]["titre"], "message": message},
                    )
                return redirect("plan:index", convention.slug)
    return render(
        request,
        "plan/import.html",
        {
            "convention": convention,
            "can_edit": can_edit(request.user, convention),
            "problems": problems,
        },
    )
