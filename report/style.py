"""The PDF's look, shared by its pages (report.pdf) and its charts (report.figures).

Fonts: Bitstream Vera, the TrueType font shipped inside the reportlab package, embedded in the
PDF (all Danish letters, en dash, ×, ÷, ≥), so the report looks the same on every machine and
never depends on a font installed on the system. Colours: the dashboard's (ui/charts.py, the
Okabe–Ito palette), keyed by the KPI engine's status codes, never by their Danish words.
Numbers: the Danish way, 1.234.567,5.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from warehouse.vocabulary import STATUS_COLOURS as VOCABULARY_COLOURS
from warehouse.vocabulary import STATUS_TINTS as VOCABULARY_TINTS

FONT = "Vera"
FONT_BOLD = "VeraBd"
FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf"}

#: The colour of each KPI status code in the charts and legends, and its light tint behind
#: status words in tables: the vocabulary's (warehouse/vocabulary.py), as on the dashboard.
STATUS_COLOURS: dict[str, str] = VOCABULARY_COLOURS
STATUS_TINTS: dict[str, str] = VOCABULARY_TINTS
#: Status codes in the order a legend lists them.
STATUS_ORDER = (
    "achieved",
    "on_track",
    "close",
    "at_risk",
    "missed",
    "behind",
    "not_started",
    "no_target",
    "no_value",
)

TEXT = colors.HexColor("#202020")
SOFT_TEXT = colors.HexColor("#404040")
GRID = colors.HexColor("#d9d9d9")
AXIS = colors.HexColor("#808080")
HEADER_BG = colors.HexColor("#1f4e79")
GOAL_BG = colors.HexColor("#e8eef5")
TABLE_GRID = colors.HexColor("#b0b0b0")


_REGISTERED: list[bool] = []


def register_fonts() -> None:
    """Register the embedded Vera fonts with ReportLab (once per process)."""
    if _REGISTERED:
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, os.fspath(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
    _REGISTERED.append(True)


def is_missing(value: object) -> bool:
    """True for None and NaN (no value)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | None, decimals: int = 0) -> str:
    """A number the Danish way: 1.234.567,5 (empty for no value)."""
    if is_missing(value):
        return ""
    if round(value, decimals) == 0:
        value = 0.0  # never "-0"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_kpi(value: float | None, unit: str, decimals: int) -> str:
    """A KPI value with its unit, in Danish notation (– for no value)."""
    if is_missing(value):
        return "–"
    if unit == "DKK":
        return f"{fmt_number(value, 0)} kr."
    if unit == "%":
        return f"{fmt_number(value, decimals)} %"
    return fmt_number(value, decimals)


def fmt_amount(value: float) -> str:
    """A short DKK amount for a chart label: 12,3 mio. from a million up, else 345.000."""
    if abs(value) >= 1_000_000:
        return f"{fmt_number(value / 1_000_000, 1)} mio."
    return fmt_number(value, 0)
