"""A bilan laid out as a document: DOCX (editable), PDF or XLSX, from its content built by
`pilotage.bilan`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ctg_pilote.pilotage.bilan import BilanContent, BilanError

FORMATS = ("docx", "pdf", "xlsx")


def render_bilan(content: BilanContent, fmt: str) -> bytes:
    if fmt == "docx":
        from .bilan_docx import bilan_docx

        return bilan_docx(content)
    if fmt == "pdf":
        from .bilan_pdf import bilan_pdf

        return bilan_pdf(content)
    if fmt == "xlsx":
        from .bilan_xlsx import bilan_xlsx

        return bilan_xlsx(content)
    raise BilanError(_("Format inconnu : %(fmt)s (docx, pdf ou xlsx).") % {"fmt": fmt})
