"""A bilan as an editable Word document, filled into the project's styled template
(`reports/docx/bilan-modele.docx`, built by `tools/make_docx_template.py`): real headings, tables
in the « Tableau CTG » style with columns sized to their content, and a conclusion to complete,
so a coordinator amends it in Word or LibreOffice before sending it."""

from __future__ import annotations

import io
from pathlib import Path

from django.utils import formats
from django.utils.translation import gettext as _

from ctg_pilote.core.spreadsheets import xlsx_row
from ctg_pilote.core.text import sorted_fr
from ctg_pilote.pilotage.bilan import BilanContent
from ctg_pilote.pilotage.bilan_year import budget_columns

from .logos import deploying_logo, signatory_logos

TEMPLATE = Path(__file__).resolve().parent / "docx" / "bilan-modele.docx"
TABLE_STYLE = "Tableau CTG"
WIDTH_CM = 17.0  # A4 less 2 cm margins


def _clean(text: str) -> str:
    """Text without the control characters XML cannot hold (pasted from a word processor)."""
    return xlsx_row([text])[0]


def _p(doc, text: str = "", style: str | None = None):
    return doc.add_paragraph(_clean(text), style=style)


def _h(doc, text: str, level: int):
    heading = doc.add_heading(_clean(text), level=level)
    heading.paragraph_format.keep_with_next = True  # Word keeps a heading with what follows
    return heading


def fmt(value) -> str:
    """A number as a French reader writes it: 1 640, 12,5; « — » when unknown."""
    if value is None:
        return "—"
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def _measured(line) -> str:
    """The value of the year, or « non mesuré »: never a verdict on a value not measured."""
    if not line.measured:
        return _("non mesuré")
    return fmt(line.value) + (" (" + _("fictif") + ")" if line.fictitious else "")


def _verdict(line) -> str:
    if line.measured:
        return f"{line.health} ({fmt(line.value)})"
    if line.last_value:
        year, value = line.last_value
        return _("Pas de verdict : dernière valeur %(value)s en %(year)s") % {
            "value": fmt(value),
            "year": year,
        }
    return _("Pas de verdict : jamais mesuré")


def _cell_flags(row, *, header: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        node = OxmlElement("w:tblHeader")
        node.set(qn("w:val"), "true")
        tr_pr.append(node)


def _header_cell(cell) -> None:
    """Bold white on the theme's blue, set on the cell itself: LibreOffice does not apply every
    part of a table style's header formatting."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "1F4E8C")
    cell._tc.get_or_add_tcPr().append(shading)
    for run in cell.paragraphs[0].runs:
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def table(doc, header: list[str], rows: list[list[str]], widths: list[float]):
    """A table in the template's style, its columns `widths` (cm) wide, its header row repeated
    on each page and no row split across two pages."""
    from docx.shared import Cm

    scale = WIDTH_CM / sum(widths)
    widths = [Cm(w * scale) for w in widths]
    result = doc.add_table(rows=1, cols=len(header))
    result.style = doc.styles[TABLE_STYLE]
    result.autofit = False
    for column, width in zip(result.columns, widths, strict=True):
        column.width = width
    for index, (cell, text) in enumerate(zip(result.rows[0].cells, header, strict=True)):
        cell.text = text
        cell.width = widths[index]
        _header_cell(cell)
    _cell_flags(result.rows[0], header=True)
    for values in rows:
        row = result.add_row()
        _cell_flags(row, header=False)
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.text = _clean(str(text))
            cell.width = widths[index]
    _p(doc, "")
    return result


def _paragraphs(doc, text: str, style: str | None = None) -> None:
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if paragraph:
            _p(doc, paragraph, style=style)


def _logo_row(doc, logos, height_cm: float, *, right: bool = False) -> None:
    """Logos side by side in one paragraph, each with its organisation's name as its
    alternative text (a picture in a document is editable: a coordinator may resize it)."""
    from docx.shared import Cm

    if not logos:
        return
    paragraph = doc.add_paragraph()
    if right:  # the deploying organisation's, at the top right as on the PDF cover
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for logo in logos:
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(logo.data), height=Cm(height_cm))
        if shape.width > Cm(5):  # a wide logo: bounded by its width instead
            shape.height = int(shape.height * Cm(5) / shape.width)
            shape.width = Cm(5)
        shape._inline.docPr.set("descr", _clean(logo.name))
        paragraph.add_run("  ")


def _cover(doc, content: BilanContent, signatories: list[str]) -> None:
    from docx.shared import Cm

    convention = content.convention
    if brand := deploying_logo():
        _logo_row(doc, [brand], 1.6, right=True)
    kicker = _p(doc, _("Convention Territoriale Globale"), style="Subtitle")
    kicker.paragraph_format.space_before = Cm(5)
    _p(doc, content.title, style="Title")
    _p(doc, convention.name, style="Subtitle")
    _p(doc, _("Convention %(period)s") % {"period": convention.period_label})
    if content.adoption:
        _p(
            doc,
            _("Présenté au comité de pilotage du %(date)s.")
            % {"date": formats.date_format(content.adoption.presented_on, "j F Y")},
        )
    else:
        _p(doc, _("Date du comité de pilotage : non renseignée (bilan pas encore présenté)."))
    _logo_row(doc, signatory_logos(convention), 1.4)
    if signatories:
        _p(doc, _("Signataires : %(names)s.") % {"names": ", ".join(signatories)})
    _p(
        doc,
        _(
            "Document produit le %(date)s à partir des données de la CTG, telles qu'elles "
            "étaient au 31 décembre %(year)s."
        )
        % {"date": formats.date_format(content.generated_on, "j F Y"), "year": content.year},
    )
    if content.fictitious:
        _p(
            doc,
            _(
                "Démonstration : une partie du suivi de ce bilan est fictive, marquée « fictif » : "
                "inventée pour la démonstration, elle ne décrit pas la réalité."
            ),
        )


def _figures(doc, content: BilanContent) -> None:
    f = content.figures
    _h(doc, _("L'année %(year)s en chiffres") % {"year": content.year}, level=1)
    statuses = " · ".join(f"{label} : {count}" for label, count in f.by_status)
    budget = f"{fmt(f.budget_total)} €" if f.budget_total is not None else _("non renseigné")
    table(
        doc,
        [_("Chiffre"), _("Détail")],
        [
            [_("Actions au plan : %(n)s") % {"n": f.actions}, statuses or "—"],
            [_("Actions réalisées : %(n)s") % {"n": f.done}, _("au 31 décembre")],
            [
                _("Indicateurs mesurés : %(m)s sur %(n)s") % {"m": f.measured, "n": f.indicators},
                _("en bonne voie : %(n)s") % {"n": f.on_track},
            ],
            [
                _("Réunions tenues : %(n)s") % {"n": f.meetings_held},
                _("décisions prises : %(n)s, faites : %(d)s")
                % {"n": f.decisions, "d": f.decisions_done},
            ],
            [_("Budget des actions"), budget],
        ],
        [6, 11],
    )


def _section(doc, content: BilanContent, section) -> None:
    heading = f"{section.level} {section.node.number}. {section.node.title}".strip()
    _h(doc, heading, level=min(section.node.depth + 1, 3))
    if section.node.vision:
        _p(doc, section.node.vision, style="Quote").paragraph_format.keep_with_next = True
    if section.actions:
        counts = _p(
            doc,
            _("Actions : %(total)s (dont %(planned)s sur l'année %(year)s) ; réalisées : %(done)s.")
            % {
                "total": len(section.actions),
                "planned": section.planned,
                "year": content.year,
                "done": section.done,
            },
        )
        counts.paragraph_format.keep_with_next = True
        table(
            doc,
            [_("N°"), _("Action"), _("Statut"), _("Avancement"), _("Pilote")],
            [
                [
                    a.action.display_number,
                    a.action.title
                    + (
                        ""
                        if a.in_period
                        else " " + _("(hors de l'année %(y)s)") % {"y": content.year}
                    ),
                    a.action.get_status_display()
                    + (" (" + _("fictif") + ")" if a.action.follow_up_fictitious else ""),
                    a.action.progress_label,
                    a.action.pilot.name if a.action.pilot else _("non renseigné"),
                ]
                for a in section.actions
            ],
            [1.3, 6.5, 2.6, 3.0, 3.6],
        )
    if section.tree_total != len(section.actions):
        _p(
            doc,
            _("Avec les éléments qui en relèvent, actions : %(total)s ; réalisées : %(done)s.")
            % {"total": section.tree_total, "done": section.tree_done},
        )
    elif not section.actions:
        _p(doc, _("Aucune action dans cet élément."))
    indicators = section.all_indicators
    if indicators:
        _h(doc, _("Indicateurs : cible et résultat %(year)s") % {"year": content.year}, level=3)
        table(
            doc,
            [_("Indicateur"), _("Cible"), _("Résultat"), _("Appréciation")],
            [
                [
                    f"{i.ref} {i.name}" + (f" ({i.unit})" if i.unit else ""),
                    fmt(i.target) if i.target is not None else _("sans cible"),
                    _measured(i),
                    _verdict(i),
                ]
                for i in indicators
            ],
            [6.6, 2.3, 2.8, 5.3],
        )
    if section.results:
        _h(doc, _("Résultats attendus et leur évaluation"), level=3)
        table(
            doc,
            [_("Résultat attendu"), _("Jugement"), _("Éléments de preuve")],
            [[r.text, r.judgement or _("Non évalué"), r.evidence or "—"] for r in section.results],
            [7.0, 3.0, 7.0],
        )
    for label, text in section.texts:
        if text:
            _h(doc, label, level=3)
            _paragraphs(doc, text)
    if section.notes:
        _h(doc, _("Suivi de l'année"), level=3)
        for note in section.notes:
            _p(doc, f"{note.date:%d/%m/%Y} : {note.text}", style="List Bullet")


def _budget(doc, content: BilanContent) -> None:
    _h(doc, _("Budget par financeur"), level=1)
    if not content.funders:
        _p(
            doc,
            _("Budget non renseigné : aucune ligne de budget des actions ne porte sur %(year)s.")
            % {"year": content.year},
        )
        return
    columns = budget_columns(content.funders)
    table(
        doc,
        [_("Financeur"), *[label for _y, _s, label in columns], _("Total")],
        [
            [
                f.funder or _("Financeur non renseigné"),
                *[
                    f"{fmt(f.amount(y, s))} €" if f.amount(y, s) is not None else "—"
                    for y, s, _label in columns
                ],
                f"{fmt(f.total)} €",
            ]
            for f in content.funders
        ],
        [5.0, *[2.6] * len(columns), 2.6],
    )


def _governance(doc, content: BilanContent) -> None:
    _h(doc, _("Gouvernance de l'année"), level=1)
    if not content.governance:
        _p(
            doc,
            _("Aucune réunion des instances de la CTG n'est enregistrée en %(year)s.")
            % {"year": content.year},
        )
        return
    rows = []
    for line in content.governance:
        decisions = "\n".join(
            f"• {state.decision.text} — {state.status_label}" for state in line.decisions
        )
        rows.append(
            [
                f"{line.meeting.starts_at:%d/%m/%Y}",
                f"{line.instance} : {line.meeting.title}",
                line.status_label,
                decisions or _("Aucune décision enregistrée."),
            ]
        )
    table(doc, [_("Date"), _("Réunion"), _("Tenue ?"), _("Décisions et leur suivi")], rows,
          [2.7, 4.8, 2.0, 7.5])  # fmt: skip


def _sources(doc, content: BilanContent) -> None:
    """The closing block, kept on one page: Word moves it whole rather than leave its last line
    alone on a page of its own. What « fictif » means is said once, on the cover."""
    block = [_h(doc, _("Sources et avertissements"), level=1)]
    text = _(
        "Statuts, avancements, dates et budgets des actions : le plan d'action de la CTG tel "
        "que son historique le donne au 31 décembre %(year)s. Décisions : leur suivi à la "
        "même date."
    )
    block.append(_p(doc, text % {"year": content.year}))
    for source in sorted_fr({i.source for s in content.sections for i in s.all_indicators}):
        if source:
            block.append(_p(doc, source, style="List Bullet"))
    for paragraph in block:
        paragraph.paragraph_format.keep_together = True
        paragraph.paragraph_format.keep_with_next = paragraph is not block[-1]


def bilan_docx(content: BilanContent) -> bytes:
    from docx import Document

    doc = Document(str(TEMPLATE))
    convention = content.convention
    signatories = sorted_fr(convention.organisations.signatories().values_list("name", flat=True))
    properties = doc.core_properties
    # Control characters pasted in a name cannot be in the file's properties (XML).
    properties.title = xlsx_row([f"{content.title} : {convention.name}"])[0]
    properties.subject = _("Bilan de la Convention Territoriale Globale")
    properties.author = xlsx_row([", ".join(signatories)[:255]])[0]
    properties.keywords = _("CTG, bilan, plan d'action, évaluation")
    properties.language = "fr-FR"
    _cover(doc, content, signatories)
    doc.add_page_break()
    _figures(doc, content)
    narrative = content.narrative
    if narrative and narrative.introduction:
        _h(doc, _("Introduction"), level=1)
        _paragraphs(doc, narrative.introduction)
    _h(doc, _("Avancement du plan d'action"), level=1)
    for section in content.sections:
        _section(doc, content, section)
    _budget(doc, content)
    _governance(doc, content)
    _h(doc, _("Conclusion et perspectives"), level=1)
    if narrative and narrative.conclusion:
        _paragraphs(doc, narrative.conclusion)
    else:
        _p(
            doc,
            _("[À compléter par la coordination : conclusion de l'année et perspectives.]"),
            style="À compléter",
        )
    _sources(doc, content)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
