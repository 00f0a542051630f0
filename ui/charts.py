"""Pure chart builders: DataFrame (with labels already applied) in, `go.Figure` out.

No Streamlit and no warehouse here, so every builder is tested on small DataFrames. Colours are
colour-blind safe (Okabe–Ito for categories, cividis for heat), and every chart that can be
clicked for drill-down carries the code of each point in `customdata`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

#: Okabe–Ito: eight colours that stay distinct for colour-blind readers.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
HIGHLIGHT = "#D55E00"
MUTED = "#A0A0A0"
HEAT_SCALE = "Cividis"
FONT = "Source Sans Pro, sans-serif"


def _layout(fig: go.Figure, title: str, height: int = 420, **more) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font={"family": FONT},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        hoverlabel={"namelength": -1},
        **more,
    )
    return fig


def empty_figure(message: str, title: str = "") -> go.Figure:
    """A figure that says there is nothing to draw (instead of an empty axis)."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 16}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=260)


def burnup(
    df: pd.DataFrame,
    title: str,
    actual_name: str,
    target_name: str,
    month_col: str = "month",
    actual_col: str = "cumulative",
    target_col: str = "target_line",
    y_title: str = "",
) -> go.Figure:
    """Cumulative actual by month (bars) against the pro-rata target line."""
    if df.empty:
        return empty_figure("–", title)
    fig = go.Figure()
    fig.add_bar(
        x=df[month_col],
        y=df[actual_col],
        name=actual_name,
        marker_color=PALETTE[0],
        hovertemplate="%{x|%Y-%m}: %{y:,.4~g}<extra>" + actual_name + "</extra>",
    )
    if target_col in df and df[target_col].notna().any():
        fig.add_scatter(
            x=df[month_col],
            y=df[target_col],
            name=target_name,
            mode="lines+markers",
            line={"color": PALETTE[1], "dash": "dash", "width": 3},
            marker={"symbol": "diamond"},
            hovertemplate="%{x|%Y-%m}: %{y:,.4~g}<extra>" + target_name + "</extra>",
        )
    fig.update_xaxes(dtick="M1", tickformat="%b")
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return _layout(fig, title, height=360)


def heatmap(
    matrix: pd.DataFrame,
    title: str,
    value_name: str,
    text: pd.DataFrame | None = None,
    row_codes: Sequence[str] | None = None,
    col_codes: Sequence[str] | None = None,
    zmid: float | None = None,
    height: int | None = None,
) -> go.Figure:
    """A heatmap of `matrix` (index: row labels, columns: column labels) with the values written
    in the cells. An invisible marker sits on each cell centre carrying (row code, column code)
    in customdata, so a click or box selection on a cell can drill down (plotly heatmaps do not
    emit selection events themselves)."""
    if matrix.empty or matrix.isna().all().all():
        return empty_figure("–", title)
    rows = [str(r) for r in matrix.index]
    cols = [wrap(str(c)) for c in matrix.columns]
    values = matrix.to_numpy(dtype=float, na_value=math.nan)
    cell_text = (
        text.to_numpy(dtype=object)
        if text is not None
        else [["" if math.isnan(v) else f"{v:,.0f}" for v in row] for row in values]
    )
    fig = go.Figure()
    fig.add_heatmap(
        z=values,
        x=cols,
        y=rows,
        text=cell_text,
        texttemplate="%{text}",
        colorscale=HEAT_SCALE,
        zmid=zmid,
        colorbar={"title": {"text": value_name}},
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        xgap=2,
        ygap=2,
    )
    row_codes = list(row_codes) if row_codes is not None else rows
    col_codes = list(col_codes) if col_codes is not None else cols
    xs, ys, custom = [], [], []
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            xs.append(col)
            ys.append(row)
            custom.append([row_codes[i], col_codes[j]])
    fig.add_scatter(
        x=xs,
        y=ys,
        customdata=custom,
        mode="markers",
        marker={"size": 28, "opacity": 0.01, "symbol": "square", "color": "#000000"},
        hoverinfo="skip",
        showlegend=False,
        name="cells",
    )
    fig.update_yaxes(autorange="reversed", type="category", automargin=True)
    fig.update_xaxes(type="category", tickangle=0, automargin=True)
    return _layout(
        fig, title, height=height or max(320, 110 + 34 * len(rows)), clickmode="event+select"
    )


def wrap(label: str, width: int = 18) -> str:
    """Break a long axis label over lines (plotly's <br>) at word boundaries."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines) or label


def bars(
    df: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    color: str | None = None,
    codes: str | None = None,
    horizontal: bool = False,
    stacked: bool = False,
    y_title: str = "",
    x_title: str = "",
    colors: Mapping[str, str] | None = None,
    category_order: Sequence[str] | None = None,
    hover_format: str = ",.4~g",
) -> go.Figure:
    """Bars of `y` per `x` (grouped or stacked by `color`); `codes` (a column) goes into each
    bar's customdata for drill-down. With `horizontal`, `x` is drawn on the vertical axis."""
    if df.empty:
        return empty_figure("–", title)
    fig = go.Figure()
    groups = [(None, df)] if color is None else list(df.groupby(color, sort=False))
    for i, (name, part) in enumerate(groups):
        colour = (colors or {}).get(name, PALETTE[i % len(PALETTE)]) if name else PALETTE[0]
        custom = part[[codes]].to_numpy() if codes else None
        common = {
            "name": str(name) if name is not None else (y_title or y),
            "marker_color": colour,
            "customdata": custom,
            "showlegend": name is not None,
        }
        if horizontal:
            fig.add_bar(
                x=part[y],
                y=part[x],
                orientation="h",
                hovertemplate="%{y}: %{x:" + hover_format + "}<extra>%{fullData.name}</extra>",
                **common,
            )
        else:
            fig.add_bar(
                x=part[x],
                y=part[y],
                hovertemplate="%{x}: %{y:" + hover_format + "}<extra>%{fullData.name}</extra>",
                **common,
            )
    fig.update_layout(barmode="stack" if stacked else "group", clickmode="event+select")
    value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    category_axis = fig.update_yaxes if horizontal else fig.update_xaxes
    value_axis(title=y_title, rangemode="tozero")
    category_axis(title=x_title, type="category")
    if category_order is not None:
        category_axis(categoryorder="array", categoryarray=list(category_order))
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    height = max(360, 40 + 34 * df[x].nunique()) if horizontal else 420
    return _layout(fig, title, height=height)


def lines(
    df: pd.DataFrame,
    x: str,
    y: str,
    color: str,
    title: str,
    y_title: str = "",
    x_title: str = "",
) -> go.Figure:
    """One line per `color` over `x` (a period)."""
    if df.empty:
        return empty_figure("–", title)
    fig = go.Figure()
    symbols = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "pentagon")
    for i, (name, part) in enumerate(df.groupby(color, sort=False)):
        part = part.sort_values(x)
        fig.add_scatter(
            x=part[x],
            y=part[y],
            name=str(name),
            mode="lines+markers",
            line={"color": PALETTE[i % len(PALETTE)], "width": 2},
            marker={"symbol": symbols[i % len(symbols)], "size": 8},
            hovertemplate="%{x}: %{y:,.4~g}<extra>%{fullData.name}</extra>",
        )
    fig.update_yaxes(title=y_title, rangemode="tozero")
    fig.update_xaxes(title=x_title)
    return _layout(fig, title)


def international(
    df: pd.DataFrame,
    title: str,
    value: str,
    value_title: str,
    priority_name: str,
    other_name: str,
    year_title: str = "",
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Stacked bars per year, one segment per priority market in strong colours (the legend,
    titled `priority_name`, names the countries: `names` maps a code to its name), the other
    countries together in grey and hatched. A drop (e.g. 2020) shows as a lower bar."""
    if df.empty or df[value].sum() == 0:
        return empty_figure("–", title)
    data = df.copy()
    data["year"] = data["year"].astype(int).astype(str)
    priority = data[data["priority"].astype(bool)]
    others = data[~data["priority"].astype(bool)].groupby("year", as_index=False)[value].sum()
    fig = go.Figure()
    for i, (country, part) in enumerate(priority.groupby("country", sort=True)):
        name = (names or {}).get(str(country), str(country))
        fig.add_bar(
            x=part["year"],
            y=part[value],
            name=name,
            marker_color=PALETTE[i % len(PALETTE)],
            customdata=part[["country"]].to_numpy(),
            hovertemplate="%{x} · " + name + ": %{y}<extra></extra>",
        )
    if not others.empty:
        fig.add_bar(
            x=others["year"],
            y=others[value],
            name=other_name,
            marker_color=MUTED,
            marker_pattern_shape="/",
            hovertemplate="%{x}: %{y}<extra>" + other_name + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", title=year_title)
    fig.update_yaxes(title=value_title, rangemode="tozero")
    fig = _layout(fig, title, height=460)
    fig.update_layout(
        legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"},
        legend_title_text=priority_name,
    )
    return fig


def network(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    title: str,
) -> go.Figure:
    """A network picture: `nodes` (id, label, kind 'cluster'|'region') on a fixed layout —
    clusters on an inner circle, regions on an outer one — and `edges` (source, target, weight)
    as lines whose width grows with the weight."""
    if nodes.empty or edges.empty:
        return empty_figure("–", title)
    pos: dict[str, tuple[float, float]] = {}
    for kind, radius in (("cluster", 0.45), ("region", 1.0)):
        part = nodes[nodes["kind"] == kind]
        n = max(len(part), 1)
        for i, node_id in enumerate(part["id"]):
            angle = math.pi / 2 - 2 * math.pi * i / n + (0.3 if kind == "region" else 0)
            pos[node_id] = (radius * math.cos(angle), radius * math.sin(angle))
    top = max(float(edges["weight"].max()), 1.0)
    fig = go.Figure()
    for row in edges.itertuples(index=False):
        if row.source not in pos or row.target not in pos:
            continue
        (x0, y0), (x1, y1) = pos[row.source], pos[row.target]
        is_cluster_edge = row.target in set(nodes.loc[nodes["kind"] == "cluster", "id"])
        fig.add_scatter(
            x=[x0, x1],
            y=[y0, y1],
            mode="lines",
            line={
                "width": 1 + 9 * float(row.weight) / top,
                "color": PALETTE[0] if is_cluster_edge else "rgba(120,120,120,0.45)",
            },
            hoverinfo="text",
            text=f"{row.source_label} – {row.target_label}: {row.weight:,}",
            showlegend=False,
        )
    for kind, symbol, colour, size in (
        ("cluster", "circle", PALETTE[1], 34),
        ("region", "square", PALETTE[2], 24),
    ):
        part = nodes[nodes["kind"] == kind]
        fig.add_scatter(
            x=[pos[i][0] for i in part["id"]],
            y=[pos[i][1] for i in part["id"]],
            mode="markers+text",
            marker={"size": size, "symbol": symbol, "color": colour, "line": {"width": 1}},
            text=list(part["label"]),
            textposition="top center",
            customdata=part[["id"]].to_numpy(),
            hovertemplate="%{text}<extra></extra>",
            name=str(part["kind_label"].iloc[0]) if len(part) else kind,
        )
    fig.update_xaxes(visible=False, range=[-1.5, 1.5])
    fig.update_yaxes(visible=False, range=[-1.3, 1.35], scaleanchor="x")
    return _layout(fig, title, height=560)


def grouped_amounts(
    df: pd.DataFrame,
    x: str,
    title: str,
    series: Sequence[tuple[str, str]],
    y_title: str = "",
    x_title: str = "",
    codes: str | None = None,
) -> go.Figure:
    """Grouped bars of several value columns per `x` (e.g. allocated vs spent per cluster):
    `series` is [(column, legend name), ...]."""
    if df.empty:
        return empty_figure("–", title)
    fig = go.Figure()
    patterns = ("", "/", "x", ".")
    for i, (column, name) in enumerate(series):
        fig.add_bar(
            x=df[x].astype(str),
            y=df[column],
            name=name,
            marker_color=PALETTE[i % len(PALETTE)],
            marker_pattern_shape=patterns[i % len(patterns)],
            customdata=df[[codes]].to_numpy() if codes else None,
            hovertemplate="%{x}: %{y:,.0f}<extra>" + name + "</extra>",
        )
    fig.update_layout(barmode="group", clickmode="event+select")
    fig.update_xaxes(type="category", title=x_title)
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return _layout(fig, title)


def ratio_gauge(value: float | None, target: float | None, title: str) -> go.Figure:
    """A bullet gauge of a ratio against its target (the co-financing ratio)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty_figure("–", title)
    top = max(value, target or 0, 1.0) * 1.25
    indicator = {
        "shape": "bullet",
        "axis": {"range": [0, top]},
        "bar": {"color": PALETTE[0]},
    }
    if target is not None and not (isinstance(target, float) and math.isnan(target)):
        indicator["threshold"] = {
            "line": {"color": HIGHLIGHT, "width": 4},
            "thickness": 0.9,
            "value": target,
        }
    fig = go.Figure(
        go.Indicator(
            mode="number+gauge",
            value=value,
            number={"valueformat": ".2f"},
            gauge=indicator,
            domain={"x": [0.1, 1], "y": [0, 1]},
        )
    )
    return _layout(fig, title, height=180)


def selected_codes(event: object, position: int = 0) -> list[str]:
    """The codes (customdata[position]) of the points selected in a `st.plotly_chart` event."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return []
    codes: list[str] = []
    for point in points or []:
        custom = point.get("customdata")
        if isinstance(custom, list | tuple) and len(custom) > position:
            value = custom[position]
        elif custom is not None and position == 0 and not isinstance(custom, list | tuple):
            value = custom
        else:
            continue
        if value is not None and str(value) not in codes:
            codes.append(str(value))
    return codes
