"""A bilan as a workbook: one sheet of actions, one of indicators, one of résultats attendus."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ctg_pilote.core.spreadsheets import workbook_bytes, xlsx_row
from ctg_pilote.pilotage.bilan import BilanContent


def _sheet(workbook, title: str, header: list[str], rows: list[list]):
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(xlsx_row(row))
    sheet.freeze_panes = "A2"
    return sheet


def bilan_xlsx(content: BilanContent) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Synthèse")
    summary.append(xlsx_row([content.title]))
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(xlsx_row([content.convention.name]))
    summary.append([_("Période"), content.convention.period_label])
    summary.append([_("Actions"), content.actions_total])
    summary.append([_("Réalisées"), content.actions_done])
    if content.fictitious:
        summary.append([_("Démonstration : une partie du suivi est fictive.")])
    summary.append([])
    summary.append(
        [
            _("Élément"),
            _("Intitulé"),
            _("Prévues"),
            _("Réalisées"),
            _("Commentaires"),
            _("Difficultés"),
            _("Suites à donner"),
        ]
    )
    for section in content.sections:
        summary.append(
            xlsx_row(
                [
                    section.node.number,
                    section.node.title,
                    section.planned,
                    section.done,
                    section.comments,
                    section.difficulties,
                    section.next_steps,
                ]
            )
        )
    _sheet(
        workbook,
        _("Actions"),
        [
            _("Élément"),
            _("N°"),
            _("Action"),
            _("Statut"),
            _("Avancement (%)"),
            _("Pilote"),
            _("Début"),
            _("Fin"),
            _("Prévue sur la période"),
            _("Suivi fictif"),
        ],
        [
            [
                s.node.number,
                a.action.number,
                a.action.title,
                a.action.get_status_display(),
                a.action.progress,
                a.action.pilot.name if a.action.pilot else "",
                a.action.start_date,
                a.action.end_date,
                _("oui") if a.in_period else _("non"),
                _("oui") if a.action.follow_up_fictitious else "",
            ]
            for s in content.sections
            for a in s.actions
        ],
    )
    _sheet(
        workbook,
        _("Indicateurs"),
        [
            _("Élément"),
            _("Réf."),
            _("Indicateur"),
            _("Unité"),
            _("Cible %(year)s") % {"year": content.year},
            _("Résultat %(year)s") % {"year": content.year},
            _("Appréciation"),
            _("Fictif"),
            _("Commentaire"),
            _("Source"),
        ],
        [
            [
                s.node.number,
                i.ref,
                i.name,
                i.unit,
                i.target,
                i.value,  # an empty cell: not measured that year
                i.health,
                _("oui") if i.fictitious else "",
                i.comment,
                i.source,
            ]
            for s in content.sections
            for i in s.all_indicators
        ],
    )
    _sheet(
        workbook,
        _("Résultats attendus"),
        [_("Élément"), _("N°"), _("Résultat attendu"), _("Jugement"), _("Éléments de preuve")],
        [
            [s.node.number, r.position, r.text, r.judgement, r.evidence]
            for s in content.sections
            for r in s.results
        ],
    )
    return workbook_bytes(workbook)
