"""Write the report's PDF with ReportLab: a summary page, the KPIs per cluster, four vector charts,
the counting rules, and the data basis (files, SHA-256, rows, quarantine) as an appendix.

ReportLab is pure Python from PyPI (no system libraries, no external program). Text is set in
the Vera font shipped inside the reportlab package and embedded in the file, the charts are
ReportLab drawings (report.figures), and with `invariant=1` the same content gives the same bytes
(no creation date or random document id).

This module assembles the document; the pages are built by report.pdf_summary (page 1),
report.pdf_sections (KPIs per cluster, notes, charts, rules) and report.pdf_appendix, from the
building blocks of report.pdf_layout.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate

from report.data import ReportData
from report.model import MINISTRY, NETWORK, date_da
from report.pdf_appendix import appendix
from report.pdf_layout import paragraph_styles
from report.pdf_sections import charts_section, cluster_kpis, kpi_notes_section, rules_section
from report.pdf_summary import summary_page
from report.style import FONT, register_fonts


def write_pdf(data: ReportData, charts: list[tuple[str, Drawing]], path: Path) -> Path:
    """Write the PDF of `data` with the `charts` [(caption, drawing)] to `path`."""
    register_fonts()
    st = paragraph_styles()

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#606060"))
        canvas.drawString(
            2 * cm, 1.2 * cm, f"{NETWORK} – rapport {data.year}, opgjort pr. {date_da(data.as_of)}"
        )
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Side {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        os.fspath(path),
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.6 * cm,
        bottomMargin=2 * cm,
        title=f"{NETWORK} – rapport for {data.year}",
        author=NETWORK,
        subject=f"Resultater og medfinansiering til {MINISTRY}",
        creator="healthtech report",
        lang="da-DK",
        invariant=1,
        # the canvas starts in the embedded font, so the file names no font it does not embed
        initialFontName=FONT,
    )
    story = (
        summary_page(data, st)
        + cluster_kpis(data, st)
        + kpi_notes_section(data, st)
        + charts_section(charts, st)
        + rules_section(data, st)
        + appendix(data, st)
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path
