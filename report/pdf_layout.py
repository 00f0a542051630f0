"""The PDF's building blocks (report.pdf): paragraph styles in the embedded Vera font, escaped
text, grid tables with a header row, status tints and the KPI catalogue's goal titles.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Table, TableStyle

from report.style import (
    FONT,
    FONT_BOLD,
    HEADER_BG,
    STATUS_COLOURS,
    STATUS_TINTS,
    TABLE_GRID,
    is_missing,
)

TEXT_WIDTH = A4[0] - 4 * cm


def paragraph_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12, alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "small_num": ParagraphStyle(
            "small_num", parent=base, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
        ),
        # a SHA-256 (64 hex digits) fits one line of the appendix's file table at 5.8 pt
        "hash": ParagraphStyle("hash", parent=base, fontSize=5.8, leading=9.5),
        "file": ParagraphStyle("file", parent=base, fontSize=7, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=FONT_BOLD, fontSize=7.5, leading=9
        ),
        "num": ParagraphStyle("num", parent=base, fontSize=7.5, leading=9, alignment=TA_RIGHT),
        "head": ParagraphStyle(
            "head", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, textColor=colors.white
        ),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=22, leading=27),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, leading=16),
        "figure": ParagraphStyle(
            "figure", parent=base, fontName=FONT_BOLD, fontSize=14, leading=17
        ),
        "figure_label": ParagraphStyle("figure_label", parent=base, fontSize=7.5, leading=9.5),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "caption": ParagraphStyle(
            "caption", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#404040")
        ),
    }


def esc(text: object) -> str:
    """Text for a Paragraph (which reads a little XML)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def grid_table(rows: list[list], widths: list[float], styles: list | None = None, repeat: int = 1):
    table = Table(rows, colWidths=widths, repeatRows=repeat, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *([("BACKGROUND", (0, 0), (-1, repeat - 1), HEADER_BG)] if repeat else []),
                ("FONT", (0, 0), (-1, -1), FONT),  # never ReportLab's default Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.25, TABLE_GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                *(styles or []),
            ]
        )
    )
    return table


def kpi_decimals(kpi) -> int:
    return 0 if is_missing(kpi["decimals"]) else int(kpi["decimals"])


def goal_title(kpi) -> str:
    goal = str(kpi["goal"])
    prefix = f"Mål {goal}" if goal.isdigit() else goal
    return f"{prefix}: {kpi['goal_da']}"


def status_style(status: str, col: int, row: int, stripe: bool = False) -> list:
    """A status cell's tint, and with `stripe` a bar on its left in the charts' status colour."""
    styles = []
    tint = STATUS_TINTS.get(status)
    if tint:
        styles.append(("BACKGROUND", (col, row), (col, row), colors.HexColor(tint)))
    if stripe and status in STATUS_COLOURS:
        colour = colors.HexColor(STATUS_COLOURS[status])
        styles.append(("LINEBEFORE", (col, row), (col, row), 3, colour))
    return styles
