"""The PDF's four charts, drawn as ReportLab vector graphics: no browser, no network, no images.

Each builder takes the report's data and returns a `reportlab.graphics.shapes.Drawing`, which
the PDF places as a flowable (report.pdf): rectangles, lines and text in the PDF's own drawing
operators, crisp at any print size, with the embedded Vera font (report.style). The charts are
the dashboard's: its colours (ui/charts.py's Okabe–Ito palette and cividis heat scale), status
colours keyed by the KPI engine's status codes, Danish status words and Danish numbers
(1.234,5). The same data give the same drawing, so the same PDF bytes, on any machine.

Charts: national achievement by KPI (bars coloured by status, a line at 100 %), achievement per
KPI and cluster (heatmap), counted activities by lead cluster and type (stacked bars), and the
ministry grant allocated vs spent per cluster (grouped bars).
"""

from __future__ import annotations

import math

import pandas as pd
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from report.data import NATIONAL_SCOPE, STATUS_DA, ReportData
from report.drawing import (
    LABEL_SIZE,
    SMALL_SIZE,
    TARGET_LINE,
    WHITE,
    Canvas,
    draw_legend,
    draw_title,
    empty_chart,
    heat_colour,
    labels_column,
    nice_ticks,
    text_colour_on,
    text_width,
    tick_decimals,
    wrap,
)
from report.style import (
    AXIS,
    GRID,
    SOFT_TEXT,
    STATUS_COLOURS,
    STATUS_ORDER,
    fmt_amount,
    fmt_number,
    register_fonts,
)
from ui.charts import MUTED, PALETTE
from warehouse.reference import codes, labels

__all__ = [
    "achievement_chart",
    "activities_chart",
    "cluster_heatmap",
    "grant_chart",
    "nice_ticks",
    "report_figures",
]


def achievement_chart(data: ReportData) -> Drawing:
    """Achievement of every national KPI with a target: bars coloured by status, a 100 % line."""
    title = f"Målopfyldelse {data.year}, hele netværket (%)"
    kpis = data.kpis[(data.kpis["scope"] == NATIONAL_SCOPE) & data.kpis["achievement_pct"].notna()]
    if kpis.empty:
        return empty_chart(title, f"Ingen nøgletal med mål og værdi for {data.year}.")
    names = list(kpis["name_da"])
    values = [float(v) for v in kpis["achievement_pct"]]
    statuses = list(kpis["status"])

    canvas = Canvas()
    depth = draw_title(canvas, title)
    present = [s for s in STATUS_ORDER if s in statuses]
    depth = draw_legend(
        canvas,
        depth,
        [(STATUS_DA.get(s, s), colors.HexColor(STATUS_COLOURS[s]), False) for s in present],
    )
    label_w, label_lines = labels_column(names)
    x0, x1 = label_w, canvas.width - 4
    ticks = nice_ticks(max(110.0, max(values)) * 1.08)
    scale = (x1 - x0) / ticks[-1]
    plot_top = depth + 10  # room for the target label
    rows_h = [max(16.0, 9.0 * len(lines) + 6) for lines in label_lines]
    plot_bottom = plot_top + sum(rows_h)

    for tick in ticks:
        x = x0 + tick * scale
        canvas.line(x, plot_top, x, plot_bottom, GRID)
        canvas.text(x, plot_bottom + 10, f"{fmt_number(tick, 0)} %", anchor="middle")
    canvas.line(x0, plot_top, x0, plot_bottom, AXIS)

    bar_h = 10.0
    bars = []  # (top of the bar, its width, its colour)
    row_top = plot_top
    for lines, h, value, status in zip(label_lines, rows_h, values, statuses, strict=True):
        fill = colors.HexColor(STATUS_COLOURS.get(status, MUTED))
        bar_top = row_top + (h - bar_h) / 2
        width = max(value, 0.0) * scale
        canvas.rect(x0, bar_top, width, bar_h, fill)
        bars.append((bar_top, width, fill))
        for i, line in enumerate(lines):
            baseline = row_top + h / 2 + 2.8 - 4.5 * (len(lines) - 1) + 9 * i
            canvas.text(x0 - 6, baseline, line, anchor="end")
        row_top += h

    # the target line over the bars (as the dashboard's), the values over the line
    target = x0 + 100 * scale
    canvas.line(target, plot_top - 4, target, plot_bottom, TARGET_LINE, 1.0, dash=[3, 2])
    canvas.text(target, plot_top - 6, "mål 100 %", SMALL_SIZE, anchor="middle", colour=TARGET_LINE)
    for (bar_top, width, fill), value in zip(bars, values, strict=True):
        label = f"{fmt_number(value, 1)} %"
        label_w = text_width(label, SMALL_SIZE)
        if x0 + width + 4 + label_w <= x1:
            canvas.rect(x0 + width + 2, bar_top + 1, label_w + 2, bar_h - 2, WHITE)
            canvas.text(x0 + width + 3, bar_top + 7.6, label, SMALL_SIZE)
        else:  # no room beyond the bar: the value goes inside its end
            canvas.text(
                x0 + width - 3,
                bar_top + 7.6,
                label,
                SMALL_SIZE,
                anchor="end",
                colour=text_colour_on(fill),
            )
    return canvas.drawing(plot_bottom + 16)


def cluster_heatmap(data: ReportData) -> Drawing:
    """Achievement per KPI and cluster as a heatmap (the dashboard's cividis scale, centred on
    100 %), the value written in each cell; empty where the cluster has no target."""
    title = f"Målopfyldelse pr. nøgletal og klynge {data.year} (%)"
    clusters = list(codes("cluster"))
    kpis = data.kpis[data.kpis["scope"] != NATIONAL_SCOPE]
    order = list(dict.fromkeys(data.kpis["name_da"]))
    matrix = kpis.pivot_table(
        index="name_da", columns="scope", values="achievement_pct", aggfunc="first", dropna=False
    )
    matrix = matrix.reindex(index=order, columns=clusters).dropna(how="all")
    if matrix.empty:
        return empty_chart(title, f"Ingen klynge har mål med værdi for {data.year}.")
    values = matrix.to_numpy(dtype=float, na_value=math.nan)
    finite = values[~pd.isna(values)]
    # centred on 100 % as the dashboard's heatmap (plotly's zmid): 100 % is the scale's middle
    span = max(float(abs(finite - 100).max()), 1.0)
    low, high = 100 - span, 100 + span

    canvas = Canvas()
    depth = draw_title(canvas, title)
    names = list(matrix.index)
    label_w, label_lines = labels_column(names, share=0.42)
    bar_w = 64.0  # the colour bar and its labels
    gap = 2.0
    cell_w = (canvas.width - label_w - bar_w) / len(clusters)
    header = depth + 18
    cluster_names = labels("cluster")
    for j, cluster in enumerate(clusters):
        centre = label_w + cell_w * (j + 0.5)
        canvas.text(centre, header - 9, cluster, LABEL_SIZE, bold=True, anchor="middle")
        short = wrap(cluster_names.get(cluster, cluster), cell_w - 4, SMALL_SIZE)[0]
        canvas.text(centre, header, short, SMALL_SIZE, anchor="middle", colour=SOFT_TEXT)
    top = header + 5
    for lines, row in zip(label_lines, values, strict=True):
        h = max(16.0, 9.0 * len(lines) + 6)
        for i, line in enumerate(lines):
            baseline = top + h / 2 + 2.8 - 4.5 * (len(lines) - 1) + 9 * i
            canvas.text(label_w - 6, baseline, line, anchor="end")
        for j, value in enumerate(row):
            x = label_w + cell_w * j
            if math.isnan(value):
                canvas.rect(x + gap / 2, top + gap / 2, cell_w - gap, h - gap, WHITE, GRID)
                continue
            fill = heat_colour(value, low, high)
            canvas.rect(x + gap / 2, top + gap / 2, cell_w - gap, h - gap, fill)
            canvas.text(
                x + cell_w / 2,
                top + h / 2 + 2.6,
                f"{fmt_number(value, 0)} %",
                LABEL_SIZE,
                anchor="middle",
                colour=text_colour_on(fill),
            )
        top += h
    # the colour bar is at least 90 pt high, so its labels never crowd
    grid_top, grid_bottom = header + 5, max(top, header + 5 + 90)

    # the colour bar: the scale from low to high, 100 % in the middle
    bx = canvas.width - bar_w + 14
    steps = 48
    step_h = (grid_bottom - grid_top) / steps
    for i in range(steps):
        value = high - (high - low) * (i + 0.5) / steps
        canvas.rect(bx, grid_top + i * step_h, 10, step_h + 0.3, heat_colour(value, low, high))
    canvas.text(bx + 5, grid_top - 4, "%", SMALL_SIZE, anchor="middle", colour=SOFT_TEXT)
    for value in (high, 100.0, low):
        y = grid_top + (high - value) / (high - low) * (grid_bottom - grid_top)
        canvas.line(bx + 10, y, bx + 13, y, AXIS)
        canvas.text(bx + 15, y + 2.5, f"{fmt_number(value, 0)} %", SMALL_SIZE)
    return canvas.drawing(grid_bottom + 4)


def _column_axis(canvas: Canvas, top: float, bottom: float, x0: float, x1: float, ticks, fmt):
    """Horizontal grid lines with value labels left of the plot."""
    scale = (bottom - top) / ticks[-1]
    for tick in ticks:
        y = bottom - tick * scale
        canvas.line(x0, y, x1, y, GRID)
        canvas.text(x0 - 4, y + 2.5, fmt(tick), SMALL_SIZE, anchor="end")
    canvas.line(x0, bottom, x1, bottom, AXIS)
    return scale


def _category_labels(canvas: Canvas, x: float, top: float, code: str, name: str, width: float):
    canvas.text(x, top + 9, code, LABEL_SIZE, bold=True, anchor="middle")
    for i, line in enumerate(wrap(name, width - 4, SMALL_SIZE)[:2]):
        canvas.text(x, top + 18 + 8 * i, line, SMALL_SIZE, anchor="middle", colour=SOFT_TEXT)


def activities_chart(data: ReportData) -> Drawing:
    """Counted activities per lead cluster, stacked by activity type (one colour per type)."""
    title = f"Talte aktiviteter {data.year} pr. ledende klynge og type"
    acts = data.activities
    if acts.empty:
        return empty_chart(title, f"Ingen talte aktiviteter i {data.year}.")
    type_labels = labels("activity_type")
    # a fixed colour per activity type (reference order), the same in every year's report
    type_colour = {
        label: colors.HexColor(PALETTE[i % len(PALETTE)])
        for i, label in enumerate(type_labels.values())
    }
    counts = acts.groupby(["lead_cluster", "activity_type"]).size()
    present = set(counts.index.get_level_values("activity_type"))
    types = [t for t in type_labels.values() if t in present]
    types += sorted(present - set(types))  # a label the reference lacks
    clusters = list(codes("cluster"))
    totals = {c: int(counts.get(c, pd.Series(dtype=int)).sum()) for c in clusters}

    canvas = Canvas()
    depth = draw_title(canvas, title)
    depth = draw_legend(
        canvas, depth, [(t, type_colour.get(t, colors.HexColor(MUTED)), False) for t in types]
    )
    ticks = nice_ticks(max(max(totals.values()), 1) * 1.1)
    decimals = tick_decimals(ticks)
    x0 = max(text_width(fmt_number(t, decimals), SMALL_SIZE) for t in ticks) + 8
    x1 = canvas.width
    plot_top, plot_bottom = depth + 12, depth + 12 + 170
    canvas.text(0, depth + 4, "Aktiviteter", SMALL_SIZE, colour=SOFT_TEXT)
    scale = _column_axis(
        canvas, plot_top, plot_bottom, x0, x1, ticks, lambda v: fmt_number(v, decimals)
    )
    group_w = (x1 - x0) / len(clusters)
    bar_w = min(70.0, group_w * 0.55)
    names = labels("cluster")
    for j, cluster in enumerate(clusters):
        centre = x0 + group_w * (j + 0.5)
        bottom = plot_bottom
        for activity_type in types:
            n = int(counts.get((cluster, activity_type), 0))
            if not n:
                continue
            h = n * scale
            fill = type_colour.get(activity_type, colors.HexColor(MUTED))
            canvas.rect(centre - bar_w / 2, bottom - h, bar_w, h, fill, WHITE, stroke_width=0.4)
            if h >= 9:
                canvas.text(
                    centre,
                    bottom - h / 2 + 2.4,
                    fmt_number(n),
                    SMALL_SIZE,
                    anchor="middle",
                    colour=text_colour_on(fill),
                )
            bottom -= h
        canvas.text(
            centre, bottom - 3, fmt_number(totals[cluster]), LABEL_SIZE, bold=True, anchor="middle"
        )
        _category_labels(canvas, centre, plot_bottom, cluster, names.get(cluster, cluster), group_w)
    return canvas.drawing(plot_bottom + 36)


def grant_chart(data: ReportData) -> Drawing:
    """The ministry grant per cluster: allocated (solid) vs spent (hatched), with utilisation."""
    title = f"Ministeriets bevilling {data.year}: tildelt og forbrugt pr. klynge (kr.)"
    grant = data.grant
    if grant.empty:
        return empty_chart(title, f"Ingen bevilling fra ministeriet registreret for {data.year}.")
    sums = grant.groupby("cluster")[["allocated_dkk", "spent_dkk"]].sum()
    clusters = [c for c in codes("cluster") if c in sums.index]
    clusters += sorted(set(sums.index) - set(clusters))
    series = (
        ("allocated_dkk", "Tildelt", colors.HexColor(PALETTE[0]), False),
        ("spent_dkk", "Forbrugt", colors.HexColor(PALETTE[1]), True),
    )
    canvas = Canvas()
    depth = draw_title(canvas, title)
    depth = draw_legend(
        canvas, depth, [(name, colour, hatched) for _, name, colour, hatched in series]
    )
    top_value = float(sums.to_numpy().max()) if len(sums) else 0.0
    ticks = nice_ticks(max(top_value, 1.0) * 1.12)
    decimals = tick_decimals(ticks)
    x0 = max(text_width(fmt_number(t, decimals), SMALL_SIZE) for t in ticks) + 8
    x1 = canvas.width
    plot_top, plot_bottom = depth + 12, depth + 12 + 170
    canvas.text(0, depth + 4, "kr.", SMALL_SIZE, colour=SOFT_TEXT)
    scale = _column_axis(
        canvas, plot_top, plot_bottom, x0, x1, ticks, lambda v: fmt_number(v, decimals)
    )
    group_w = (x1 - x0) / max(len(clusters), 1)
    bar_w = min(44.0, group_w * 0.34)
    names = labels("cluster")
    for j, cluster in enumerate(clusters):
        centre = x0 + group_w * (j + 0.5)
        for k, (column, _, colour, hatched) in enumerate(series):
            value = float(sums.loc[cluster, column])
            h = max(value, 0.0) * scale
            x = centre - bar_w + k * bar_w
            canvas.rect(x + 1, plot_bottom - h, bar_w - 2, h, colour)
            if hatched:
                canvas.hatch(x + 1, plot_bottom - h, bar_w - 2, h, WHITE)
            canvas.text(
                x + bar_w / 2, plot_bottom - h - 3, fmt_amount(value), SMALL_SIZE, anchor="middle"
            )
        allocated, spent = (float(sums.loc[cluster, c]) for c in ("allocated_dkk", "spent_dkk"))
        name = names.get(cluster, cluster)
        _category_labels(canvas, centre, plot_bottom, cluster, name, group_w)
        if allocated:
            canvas.text(
                centre,
                plot_bottom + 36,
                f"forbrugt {fmt_number(100 * spent / allocated, 1)} %",
                SMALL_SIZE,
                anchor="middle",
                colour=SOFT_TEXT,
            )
    return canvas.drawing(plot_bottom + 42)


def report_figures(data: ReportData) -> list[tuple[str, Drawing]]:
    """The PDF's four charts with a caption each, in page order."""
    register_fonts()  # text widths are measured in the embedded font
    return [
        (
            "Målopfyldelse for de nøgletal, der har et mål. Farven viser status; den stiplede "
            "linje er målet (100 %).",
            achievement_chart(data),
        ),
        (
            "Målopfyldelse pr. klynge (en aktivitet tælles hos sin ledende klynge). Tomme felter: "
            "intet mål eller ingen værdi for klyngen.",
            cluster_heatmap(data),
        ),
        ("Talte aktiviteter efter ledende klynge og aktivitetstype.", activities_chart(data)),
        (
            "Ministeriets bevilling: tildelt og forbrugt i året pr. klynge (kvartaler fra deres "
            "første dag til opgørelsesdatoen).",
            grant_chart(data),
        ),
    ]
