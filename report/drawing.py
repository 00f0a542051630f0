"""Drawing primitives of the PDF's charts (report.figures): a top-down canvas that becomes a
ReportLab `Drawing`, text measured and wrapped in the embedded Vera font, round axis ticks,
the dashboard's heat scale, titles, legends and the empty-chart placeholder.

Pure functions of their arguments: the same input gives the same shapes, so the same PDF bytes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from plotly.colors import get_colorscale
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth

from report.style import AXIS, FONT, FONT_BOLD, TEXT, register_fonts
from ui.charts import HEAT_SCALE

#: Width of every chart: the text width of the A4 page (21 cm less 2 cm margins each side).
WIDTH = 17 * cm
TITLE_SIZE = 10
LABEL_SIZE = 7.5
SMALL_SIZE = 6.8
WHITE = colors.white
#: Colour of the 100 % line (the target).
TARGET_LINE = colors.HexColor("#404040")


def text_width(text: str, size: float = LABEL_SIZE, bold: bool = False) -> float:
    """Width of `text` in points in the report's font."""
    register_fonts()
    return stringWidth(text, FONT_BOLD if bold else FONT, size)


def wrap(text: str, width: float, size: float = LABEL_SIZE, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width` at spaces (a longer word stands alone)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [text]


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values 0, step, 2·step, ... up to at least `top` (about `count` steps)."""
    if not top or top <= 0 or math.isnan(top):
        return [0.0, 1.0]
    magnitude = 10 ** math.floor(math.log10(top / count))
    step = magnitude * 10
    for factor in (1, 2, 2.5, 5, 10):
        if top / (factor * magnitude) <= count:
            step = factor * magnitude
            break
    steps = math.ceil(top / step - 1e-9)
    return [i * step for i in range(steps + 1)]


def tick_decimals(ticks: Sequence[float]) -> int:
    """Decimals the tick labels need (0 unless the step is a fraction)."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return 0 if float(step).is_integer() else 1


def luminance(colour: colors.Color) -> float:
    """Perceived brightness 0-1 (for dark or light text on a filled cell)."""
    return 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue


def text_colour_on(fill: colors.Color) -> colors.Color:
    return TEXT if luminance(fill) > 0.55 else WHITE


def heat_colour(value: float, low: float, high: float) -> colors.Color:
    """The dashboard's heat scale (cividis) at `value` on the range low..high."""
    scale = _heat_scale()
    t = 0.5 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    for (t0, c0), (t1, c1) in zip(scale, scale[1:], strict=False):
        if t <= t1:
            f = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
            return colors.linearlyInterpolatedColor(c0, c1, 0, 1, f)
    return scale[-1][1]


_HEAT: list[tuple[float, colors.Color]] = []


def _heat_scale() -> list[tuple[float, colors.Color]]:
    if not _HEAT:
        _HEAT.extend((float(t), colors.HexColor(c)) for t, c in get_colorscale(HEAT_SCALE))
    return _HEAT


class Canvas:
    """Shapes placed from the top down (`top` is the distance from the chart's top edge),
    turned into a Drawing once the chart's height is known."""

    def __init__(self, width: float = WIDTH) -> None:
        self.width = width
        self._shapes: list[Callable[[float], object]] = []

    def rect(self, x: float, top: float, w: float, h: float, fill, stroke=None, **kw) -> None:
        self._shapes.append(
            lambda height: Rect(
                x,
                height - top - h,
                w,
                h,
                fillColor=fill,
                strokeColor=stroke,
                strokeWidth=kw.get("stroke_width", 0.5),
            )
        )

    def line(self, x1: float, top1: float, x2: float, top2: float, colour, width=0.5, dash=None):
        self._shapes.append(
            lambda height: Line(
                x1,
                height - top1,
                x2,
                height - top2,
                strokeColor=colour,
                strokeWidth=width,
                strokeDashArray=dash,
            )
        )

    def text(
        self,
        x: float,
        baseline: float,
        text: str,
        size: float = LABEL_SIZE,
        bold: bool = False,
        anchor: str = "start",
        colour=TEXT,
    ) -> None:
        self._shapes.append(
            lambda height: String(
                x,
                height - baseline,
                text,
                fontName=FONT_BOLD if bold else FONT,
                fontSize=size,
                fillColor=colour,
                textAnchor=anchor,
            )
        )

    def hatch(self, x: float, top: float, w: float, h: float, colour, spacing: float = 3.5):
        """Diagonal lines '/' inside the rectangle (a pattern that survives black-and-white
        printing, as the dashboard's hatched bars)."""
        k = -h
        while k < w:
            lo, hi = max(0.0, -k), min(h, w - k)
            if hi > lo:
                # from the rectangle's bottom-left towards its top-right
                self.line(x + k + lo, top + h - lo, x + k + hi, top + h - hi, colour, 0.6)
            k += spacing

    def drawing(self, height: float) -> Drawing:
        d = Drawing(self.width, height, initialFontName=FONT, initialFontSize=LABEL_SIZE)
        for make in self._shapes:
            d.add(make(height))
        return d


def draw_title(canvas: Canvas, text: str) -> float:
    """Draw the chart title (wrapped); return the depth below it."""
    depth = 0.0
    for line in wrap(text, canvas.width, TITLE_SIZE, bold=True):
        depth += TITLE_SIZE + 2
        canvas.text(0, depth - 2, line, TITLE_SIZE, bold=True)
    return depth + 6


def draw_legend(canvas: Canvas, top: float, entries: Sequence[tuple[str, object, bool]]) -> float:
    """Swatches with labels, flowing over lines; entries are (label, colour, hatched).
    Return the depth below the legend."""
    x, line_top, gap, swatch = 0.0, top, 12.0, 8.0
    for label, colour, hatched in entries:
        needed = swatch + 4 + text_width(label)
        if x > 0 and x + needed > canvas.width:
            x, line_top = 0.0, line_top + 12
        canvas.rect(x, line_top, swatch, swatch, colour)
        if hatched:
            canvas.hatch(x, line_top, swatch, swatch, WHITE, spacing=2.5)
        canvas.text(x + swatch + 4, line_top + swatch - 1, label)
        x += needed + gap
    return line_top + 12 + 6


def empty_chart(title: str, message: str) -> Drawing:
    canvas = Canvas()
    depth = draw_title(canvas, title)
    canvas.rect(0, depth, canvas.width, 44, colors.HexColor("#f4f4f4"))
    canvas.text(canvas.width / 2, depth + 26, message, LABEL_SIZE, anchor="middle", colour=AXIS)
    return canvas.drawing(depth + 48)


def labels_column(names: Sequence[str], share: float = 0.4) -> tuple[float, list[list[str]]]:
    """Width of a column of row labels (at most `share` of the chart) and each label's lines."""
    width = min(max(text_width(n) for n in names) + 8, WIDTH * share)
    return width, [wrap(n, width - 8) for n in names]
