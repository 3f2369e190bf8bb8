"""A bilan as a workbook: a « Lisez-moi » sheet with the sources, then one sheet per table of
the bilan, each with its header frozen, a filter, columns as wide as their content, and dates,
percents and amounts as typed cells in French formats."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ctg_pilote.core.spreadsheets import print_ready, workbook_bytes, xlsx_row
from ctg_pilote.core.text import sorted_fr
from ctg_pilote.pilotage.bilan import BilanContent
from ctg_pilote.pilotage.bilan_year import budget_columns

DATE = "DD/MM/YYYY"
PERCENT = "0 %"
AMOUNT = '#,##0.00 "€"'
NUMBER = "#,##0.##"
HEADER_FILL = "1F4E8C"
MAX_WIDTH = 60


@dataclass
class Column:
    title: str
    number_format: str | None = None
    wrap: bool = False


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, int | float | Decimal):
        return len(f"{value:,.2f}") + 2
    return max((len(line) for line in str(value).splitlines()), default=0)


def _sheet(workbook, title: str, columns: list[Column], rows: list[list]):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    sheet.append(xlsx_row([c.title for c in columns]))
    for cell in sheet[1]:
        cell.font = Font(name="Calibri", bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(xlsx_row(row))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        # The header wraps: its longest word, or half of it, sets its part of the width.
        words = column.title.split()
        header = max(max(len(w) for w in words), len(column.title) // 2 + 1)
        width = min(max([header, *(_width(row[index - 1]) for row in rows)]) + 2, MAX_WIDTH)
        sheet.column_dimensions[letter].width = max(width, 8)
        for cells in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell = cells[0]
            if column.number_format:
                cell.number_format = column.number_format
            if column.wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    print_ready(sheet)
    return sheet


def _readme(workbook, content: BilanContent) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.active
    sheet.title = _("Lisez-moi")
    convention = content.convention
    lines = [
        content.title,
        convention.name,
        _("Convention %(period)s") % {"period": convention.period_label},
        "",
        _(
            "Données de la CTG telles qu'elles étaient au 31 décembre %(year)s (statuts, "
            "avancements, dates et budgets des actions reconstitués par leur historique)."
        )
        % {"year": content.year},
        _("Fichier produit le %(date)s.")
        % {"date": formats.date_format(content.generated_on, "j F Y")},
        "",
        _("Une feuille par tableau du bilan : %(sheets)s.") % {"sheets": ", ".join(sheet_names())},
        _("Une case vide est une valeur non renseignée, jamais zéro."),
        _("« fictif » marque une donnée inventée pour la démonstration."),
    ]
    sources = sorted_fr({i.source for s in content.sections for i in s.all_indicators} - {""})
    if sources:
        lines += ["", _("Sources des valeurs d'indicateurs :"), *sources]
    if content.fictitious:
        lines += ["", _("Démonstration : une partie du suivi de ce bilan est fictive.")]
    for line in lines:
        sheet.append(xlsx_row([line]))
    sheet["A1"].font = Font(name="Calibri", bold=True, size=14)
    sheet["A2"].font = Font(name="Calibri", bold=True)
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows(min_row=1):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    print_ready(sheet, header_rows=0)


def sheet_names() -> list[str]:
    """The tables of the bilan, one sheet each, in order."""
    return [
        _("Synthèse"),
        _("Éléments du plan"),
        _("Actions"),
        _("Indicateurs"),
        _("Résultats attendus"),
        _("Budget"),
        _("Gouvernance"),
    ]


def _summary(workbook, content: BilanContent) -> None:
    f = content.figures
    rows = [
        [_("Actions au plan"), f.actions],
        *[[_("dont « %(s)s »") % {"s": label}, count] for label, count in f.by_status],
        [_("Actions réalisées au 31 décembre"), f.done],
        [_("Indicateurs"), f.indicators],
        [_("Indicateurs mesurés dans l'année"), f.measured],
        [_("Indicateurs en bonne voie"), f.on_track],
        [_("Réunions tenues"), f.meetings_held],
        [_("Décisions prises"), f.decisions],
        [_("Décisions faites au 31 décembre"), f.decisions_done],
        [_("Budget des actions (€)"), f.budget_total],
    ]
    _sheet(workbook, sheet_names()[0], [Column(_("Chiffre")), Column(_("Valeur"), NUMBER)], rows)


def _nodes(workbook, content: BilanContent) -> None:
    _sheet(
        workbook,
        sheet_names()[1],
        [
            Column(_("Niveau")),
            Column(_("N°")),
            Column(_("Intitulé"), wrap=True),
            Column(_("Actions")),
            Column(_("Actions de l'année")),
            Column(_("Réalisées")),
            Column(_("Actions avec les éléments qui en relèvent")),
            Column(_("Réalisées avec les éléments qui en relèvent")),
            Column(_("Commentaires"), wrap=True),
            Column(_("Difficultés"), wrap=True),
            Column(_("Suites à donner"), wrap=True),
        ],
        [
            [
                s.level,
                s.node.number,
                s.node.title,
                len(s.actions),
                s.planned,
                s.done,
                s.tree_total,
                s.tree_done,
                s.comments,
                s.difficulties,
                s.next_steps,
            ]
            for s in content.sections
        ],
    )


def _actions(workbook, content: BilanContent) -> None:
    _sheet(
        workbook,
        sheet_names()[2],
        [
            Column(_("Élément")),
            Column(_("N°")),
            Column(_("Action"), wrap=True),
            Column(_("Statut")),
            Column(_("Avancement"), PERCENT),
            Column(_("Pilote")),
            Column(_("Début"), DATE),
            Column(_("Fin"), DATE),
            Column(_("Sur l'année %(year)s") % {"year": content.year}),
            Column(_("Suivi fictif")),
        ],
        [
            [
                s.node.number,
                a.action.display_number,
                a.action.title,
                a.action.get_status_display(),
                a.action.progress / 100 if a.action.progress is not None else None,
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


def _indicators(workbook, content: BilanContent) -> None:
    year = content.year
    _sheet(
        workbook,
        sheet_names()[3],
        [
            Column(_("Élément")),
            Column(_("Réf.")),
            Column(_("Indicateur"), wrap=True),
            Column(_("Unité")),
            Column(_("Cible %(year)s") % {"year": year}, NUMBER),
            Column(_("Résultat %(year)s") % {"year": year}, NUMBER),
            Column(_("Appréciation")),
            Column(_("Dernière valeur avant %(year)s") % {"year": year}, NUMBER),
            Column(_("Année de cette valeur")),
            Column(_("Fictif")),
            Column(_("Commentaire"), wrap=True),
            Column(_("Source"), wrap=True),
        ],
        [
            [
                s.node.number,
                i.ref,
                i.name,
                i.unit,
                i.target,
                i.value,  # an empty cell: not measured that year
                i.health if i.measured else _("Pas de verdict : non mesuré"),
                i.last_value[1] if i.last_value else None,
                i.last_value[0] if i.last_value else None,
                _("oui") if i.fictitious else "",
                i.comment,
                i.source,
            ]
            for s in content.sections
            for i in s.all_indicators
        ],
    )


def _results(workbook, content: BilanContent) -> None:
    _sheet(
        workbook,
        sheet_names()[4],
        [
            Column(_("Élément")),
            Column(_("N°")),
            Column(_("Résultat attendu"), wrap=True),
            Column(_("Jugement")),
            Column(_("Éléments de preuve"), wrap=True),
            Column(_("Fictif")),
        ],
        [
            [
                s.node.number,
                r.position,
                r.text,
                r.judgement or _("Non évalué"),
                r.evidence,
                _("oui") if r.fictitious else "",
            ]
            for s in content.sections
            for r in s.results
        ],
    )


def _budget(workbook, content: BilanContent) -> None:
    columns = budget_columns(content.funders)
    _sheet(
        workbook,
        sheet_names()[5],
        [
            Column(_("Financeur")),
            *[Column(label, AMOUNT) for _y, _s, label in columns],
            Column(_("Total"), AMOUNT),
        ],
        [
            [
                f.funder or _("Financeur non renseigné"),
                *[f.amount(y, s) for y, s, _label in columns],
                f.total,
            ]
            for f in content.funders
        ],
    )


def _governance(workbook, content: BilanContent) -> None:
    _sheet(
        workbook,
        sheet_names()[6],
        [
            Column(_("Date"), DATE),
            Column(_("Instance")),
            Column(_("Réunion"), wrap=True),
            Column(_("État de la réunion")),
            Column(_("Décision"), wrap=True),
            Column(_("Suivi au 31 décembre")),
            Column(_("Échéance"), DATE),
            Column(_("Faite le"), DATE),
        ],
        [
            [
                timezone.localdate(line.meeting.starts_at),
                line.instance,
                line.meeting.title,
                line.status_label,
                state.decision.text if state else "",
                state.status_label if state else "",
                state.due_on if state else None,
                state.done_on if state else None,
            ]
            for line in content.governance
            for state in (line.decisions or [None])
        ],
    )


def bilan_xlsx(content: BilanContent) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    _readme(workbook, content)
    for write in (_summary, _nodes, _actions, _indicators, _results, _budget, _governance):
        write(workbook, content)
    properties = workbook.properties
    # Control characters pasted in a name cannot be in the file's properties either.
    properties.title = xlsx_row([f"{content.title} : {content.convention.name}"])[0]
    properties.subject = _("Bilan de la Convention Territoriale Globale")
    properties.language = "fr-FR"
    return workbook_bytes(workbook)
