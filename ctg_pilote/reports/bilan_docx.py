"""A bilan as an editable Word document: real headings and tables, so partners amend it."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document

from ctg_pilote.pilotage.bilan import BilanContent
from ctg_pilote.plan.models import BudgetState


def _fmt(value) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def _measured(line) -> str:
    """The value of the year, or « Non mesuré »: never a verdict on a value not measured."""
    if not line.measured:
        return _("Non mesuré")
    return _fmt(line.value) + (" (" + _("fictif") + ")" if line.fictitious else "")


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def bilan_docx(content: BilanContent) -> bytes:
    doc = Document()
    convention = content.convention
    doc.add_heading(content.title, level=0)
    doc.add_paragraph(convention.name)
    doc.add_paragraph(
        _("Période de la CTG : %(period)s. Actions : %(total)s, dont %(done)s réalisées.")
        % {
            "period": convention.period_label,
            "total": content.actions_total,
            "done": content.actions_done,
        }
    )
    if content.fictitious:
        doc.add_paragraph(
            _("Démonstration : une partie du suivi de ce bilan est fictive (marquée « fictif »).")
        )
    narrative = content.narrative
    if narrative and narrative.introduction:
        doc.add_heading(_("Introduction"), level=1)
        for paragraph in narrative.introduction.split("\n\n"):
            doc.add_paragraph(paragraph)
    for section in content.sections:
        heading = f"{section.level} {section.node.number}. {section.node.title}".strip()
        doc.add_heading(heading, level=min(section.node.depth, 3))
        if section.node.vision:
            doc.add_paragraph(section.node.vision, style="Quote")
        doc.add_paragraph(
            _("Actions prévues sur la période : %(planned)s ; réalisées : %(done)s.")
            % {"planned": section.planned, "done": section.done}
        )
        if section.actions:
            _table(
                doc,
                [_("N°"), _("Action"), _("Statut"), _("Avancement"), _("Pilote"), _("Prévue")],
                [
                    [
                        a.action.display_number,
                        a.action.title,
                        a.action.get_status_display()
                        + (" (" + _("fictif") + ")" if a.action.follow_up_fictitious else ""),
                        a.action.progress_label,
                        a.action.pilot.name if a.action.pilot else "—",
                        _("oui") if a.in_period else _("non"),
                    ]
                    for a in section.actions
                ],
            )
        indicators = section.all_indicators
        if indicators:
            doc.add_heading(
                _("Indicateurs : cible et résultat %(year)s") % {"year": content.year}, level=4
            )
            _table(
                doc,
                [_("Réf."), _("Indicateur"), _("Cible"), _("Résultat"), _("Appréciation")],
                [
                    [
                        i.ref,
                        i.name + (f" ({i.unit})" if i.unit else ""),
                        _fmt(i.target),
                        _measured(i),
                        i.health if i.measured else "—",
                    ]
                    for i in indicators
                ],
            )
        if section.results:
            doc.add_heading(_("Résultats attendus"), level=4)
            _table(
                doc,
                [_("Résultat attendu"), _("Jugement"), _("Éléments de preuve")],
                [[r.text, r.judgement or _("Non évalué"), r.evidence] for r in section.results],
            )
        notes = [n for a in section.actions for n in a.notes]
        if notes:
            doc.add_heading(_("Suivi de l'année"), level=4)
            for note in notes:
                doc.add_paragraph(f"{note.date:%d/%m/%Y} — {note.text}", style="List Bullet")
        for label, text in (
            (_("Commentaires"), section.comments),
            (_("Difficultés"), section.difficulties),
            (_("Suites à donner"), section.next_steps),
        ):
            if text:
                doc.add_heading(label, level=4)
                doc.add_paragraph(text)
    if content.budget:
        doc.add_heading(_("Budget de la période"), level=1)
        _table(
            doc,
            [_("État"), _("Montant (€)")],
            [[str(BudgetState(state).label), _fmt(total)] for state, total in content.budget],
        )
    if narrative and narrative.conclusion:
        doc.add_heading(_("Conclusion et perspectives"), level=1)
        for paragraph in narrative.conclusion.split("\n\n"):
            doc.add_paragraph(paragraph)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
