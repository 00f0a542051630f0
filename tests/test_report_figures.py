"""The PDF's charts (report.figures) as ReportLab drawings, and the report's Danish number formats.

Values are worked by hand from tests/data/kpi_fixture, year 2020 as of 2021-03-31 (see
tests/test_report.py for the counting).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.colors import HexColor

from report.data import STATUS_DA, load_report_data
from report.figures import (
    achievement_chart,
    activities_chart,
    cluster_heatmap,
    grant_chart,
    nice_ticks,
    report_figures,
)
from report.style import STATUS_COLOURS, fmt_amount, fmt_kpi, fmt_number
from ui.charts import PALETTE

YEAR = 2020
AS_OF = date(2021, 3, 31)
GENERATED = datetime(2021, 4, 1, 9, 30, tzinfo=UTC)
ORANGE, VERMILION = HexColor(PALETTE[1]), HexColor(PALETTE[5])


@pytest.fixture(scope="module")
def data(kpi_fixture_warehouse):
    return load_report_data(YEAR, AS_OF, kpi_fixture_warehouse, GENERATED)


def shapes(drawing: Drawing) -> list:
    """Every shape of a drawing, groups opened."""
    out, todo = [], list(drawing.contents)
    while todo:
        shape = todo.pop(0)
        if isinstance(shape, Group):
            todo[:0] = shape.contents
        else:
            out.append(shape)
    return out


def texts(drawing: Drawing) -> list[str]:
    return [s.text for s in shapes(drawing) if isinstance(s, String)]


def filled(drawing: Drawing, colour, height: float | None = None) -> list[Rect]:
    return [
        s
        for s in shapes(drawing)
        if isinstance(s, Rect)
        and s.fillColor == colour
        and (height is None or s.height == height)
        and s.width > 0
    ]


# --------------------------------------------------------------------------------------------
# numbers the Danish way
# --------------------------------------------------------------------------------------------


def test_danish_numbers():
    assert fmt_number(1234567.5, 1) == "1.234.567,5"
    assert fmt_number(1234) == "1.234"
    assert fmt_number(-0.04, 1) == "0,0"  # never "-0,0"
    assert fmt_number(None) == ""
    assert fmt_number(float("nan")) == ""
    assert fmt_kpi(22200.0, "DKK", 0) == "22.200 kr."
    assert fmt_kpi(56.75, "%", 1) == "56,8 %"
    assert fmt_kpi(0.2638, "ratio", 2) == "0,26"
    assert fmt_kpi(None, "count", 0) == "–"
    assert fmt_amount(12_345_678) == "12,3 mio."
    assert fmt_amount(345_000) == "345.000"


def test_nice_ticks():
    assert nice_ticks(108) == [0, 25, 50, 75, 100, 125]
    assert nice_ticks(4.4) == [0, 1, 2, 3, 4, 5]
    assert nice_ticks(224_000) == [0, 50_000, 100_000, 150_000, 200_000, 250_000]
    assert nice_ticks(0) == [0.0, 1.0]


# --------------------------------------------------------------------------------------------
# the charts
# --------------------------------------------------------------------------------------------


def test_four_drawings_with_captions(data):
    figures = report_figures(data)
    assert len(figures) == 4
    for caption, drawing in figures:
        assert caption and isinstance(drawing, Drawing)
        assert 0 < drawing.width <= 17 * 28.35 and drawing.height > 50


def test_achievement_bars_by_status_code(data):
    drawing = achievement_chart(data)
    # G1.companies 7 of 8 = 87.5 % (close: orange); missed (vermilion): G2.activities 7 of 10
    # = 70 %, G1.inkind_dkk 22.200 of 30.000 = 74 %, F.cofinancing_ratio 0,26 of 0,5 = 52 %
    orange = filled(drawing, ORANGE, height=10)
    vermilion = sorted(r.width for r in filled(drawing, VERMILION, height=10))
    assert len(vermilion) == 3
    unit = vermilion[-1] / 74
    assert vermilion == pytest.approx([52 * unit, 70 * unit, 74 * unit])
    assert any(r.width == pytest.approx(87.5 * unit) for r in orange)
    labels = texts(drawing)
    assert {"87,5 %", "70,0 %", "74,0 %", "mål 100 %"} <= set(labels)
    assert {STATUS_DA["close"], STATUS_DA["missed"]} <= set(labels)  # the legend's words


def test_colours_follow_the_status_code_not_the_word(data):
    renamed = dataclasses.replace(data, kpis=data.kpis.assign(status_da="?"))
    before = sorted(
        (r.width, str(r.fillColor)) for r in shapes(achievement_chart(data)) if isinstance(r, Rect)
    )
    after = sorted(
        (r.width, str(r.fillColor))
        for r in shapes(achievement_chart(renamed))
        if isinstance(r, Rect)
    )
    assert before == after
    for code, colour in STATUS_COLOURS.items():
        assert code in STATUS_DA and colour.startswith("#")


def test_heatmap_centred_on_100_percent(data):
    drawing = cluster_heatmap(data)
    # G2.activities per cluster: LSI 1 of 1 = 100 %, MTIC 1 of 2 = 50 %, WT 2 of 3 = 67 %,
    # CHC 3 of 2 = 150 %; the only KPI with cluster targets and values. The scale is centred on
    # 100 %: 50 % is its darkest end, 150 % its brightest (cividis).
    labels = texts(drawing)
    assert {"100 %", "50 %", "67 %", "150 %"} <= set(labels)
    assert "Videnbro-aktiviteter" in labels
    assert "Deltagende virksomheder" not in labels  # no cluster targets: no row
    cells = {round(r.width, 1) for r in shapes(drawing) if isinstance(r, Rect) and r.height > 10}
    assert len(cells) == 1  # four equal cells
    assert filled(drawing, HexColor("#00224e"))
    assert filled(drawing, HexColor("#fee838"))


def test_activities_stacked_per_lead_cluster(data):
    drawing = activities_chart(data)
    # counted activities per lead cluster: LSI A01; MTIC A02; WT A03 A10; CHC A04 A07 A08
    labels = texts(drawing)
    bold = [s.text for s in shapes(drawing) if isinstance(s, String) and s.fontName == "VeraBd"]
    assert [t for t in bold if t.isdigit()] == ["1", "1", "2", "3"]
    assert {"LSI", "MTIC", "WT", "CHC", "Konference"} <= set(labels)
    segments = [r for r in shapes(drawing) if isinstance(r, Rect) and r.strokeColor is not None]
    heights = sorted(round(r.height, 3) for r in segments if r.width < 80)
    assert len(heights) == 7 and len(set(heights)) == 1  # one unit segment per activity


def test_grant_allocated_and_spent(data):
    drawing = grant_chart(data)
    # ministry 2020: LSI allocated 100.000 + 100.000, spent 80.000 + 40.000; MTIC 120.000 /
    # 90.000; WT 50.000 / 0; CHC none
    labels = texts(drawing)
    for label in ("200.000", "120.000", "90.000", "50.000", "0", "forbrugt 60,0 %"):
        assert label in labels, label
    assert "forbrugt 75,0 %" in labels and "forbrugt 0,0 %" in labels
    assert "CHC" not in labels
    blue = sorted(r.height for r in filled(drawing, HexColor(PALETTE[0])) if r.width > 20)
    assert blue[-1] == pytest.approx(blue[0] * 4)  # 200.000 vs 50.000


def test_empty_year_draws_a_message(kpi_fixture_warehouse):
    empty = load_report_data(2030, date(2030, 12, 31), kpi_fixture_warehouse, GENERATED)
    for drawing in (activities_chart(empty), grant_chart(empty), achievement_chart(empty)):
        assert any(t.startswith("Ingen") for t in texts(drawing))
