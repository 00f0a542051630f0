"""The four charts of the PDF, drawn with the dashboard's own chart builders (ui/charts.py).

This module only shapes the report's data into the DataFrames the builders take; the builders
are the dashboard's, so the PDF shows the same figures as the dashboard. `render_png` turns the
figures into PNG images with kaleido (which drives a headless Chromium) and raises ReportError
with a clear message when that is not possible.
"""

from __future__ import annotations

import threading
import warnings

import pandas as pd
import plotly.graph_objects as go

from report.data import NATIONAL_SCOPE, ReportData, ReportError
from ui import charts
from warehouse.reference import codes, labels

#: Size of a chart image in CSS pixels (rendered at scale 2 for print quality).
WIDTH = 760
HEIGHT = 420

STATUS_COLOURS = {
    "opfyldt": charts.PALETTE[2],
    "på sporet": charts.PALETTE[2],
    "tæt på": charts.PALETTE[1],
    "i risiko": charts.PALETTE[1],
    "ikke opfyldt": charts.PALETTE[5],
    "bagud": charts.PALETTE[5],
    "ikke startet": charts.MUTED,
    "intet mål": charts.MUTED,
    "ingen værdi": charts.MUTED,
}

_KALEIDO_LOCK = threading.Lock()


def achievement_figure(data: ReportData) -> go.Figure:
    """Achievement of every national KPI with a target, coloured by status."""
    kpis = data.kpis[(data.kpis["scope"] == NATIONAL_SCOPE) & data.kpis["achievement_pct"].notna()]
    df = pd.DataFrame(
        {
            "name": kpis["name_da"],
            "achievement": kpis["achievement_pct"],
            "status": kpis["status_da"],
        }
    )
    fig = charts.bars(
        df,
        x="name",
        y="achievement",
        color="status",
        horizontal=True,
        title=f"Målopfyldelse {data.year}, hele netværket (%)",
        y_title="Målopfyldelse (%)",
        colors=STATUS_COLOURS,
        category_order=list(df["name"]),
    )
    if not df.empty:
        fig.add_vline(x=100, line_dash="dash", line_color="#404040", line_width=1)
    return fig


def cluster_heatmap_figure(data: ReportData) -> go.Figure:
    """Achievement per KPI and cluster (the dashboard's Regions heatmap)."""
    kpis = data.kpis[data.kpis["scope"] != NATIONAL_SCOPE]
    order = list(dict.fromkeys(data.kpis["name_da"]))
    matrix = kpis.pivot_table(
        index="name_da", columns="scope", values="achievement_pct", aggfunc="first", dropna=False
    )
    matrix = matrix.reindex(index=order, columns=list(codes("cluster")))
    matrix = matrix.dropna(how="all")
    text = matrix.map(lambda v: "" if pd.isna(v) else f"{v:.0f} %")
    return charts.heatmap(
        matrix,
        title=f"Målopfyldelse pr. nøgletal og klynge {data.year} (%)",
        value_name="%",
        text=text,
        zmid=100,
        height=max(300, 90 + 34 * len(matrix)),
    )


def activities_figure(data: ReportData) -> go.Figure:
    """Counted activities per lead cluster, stacked by activity type."""
    acts = data.activities
    if acts.empty:
        df = pd.DataFrame(columns=["cluster", "activity_type", "activities"])
    else:
        df = acts.groupby(["lead_cluster", "activity_type"], as_index=False, sort=False).agg(
            activities=("activity_id", "count")
        )
        df = df.rename(columns={"lead_cluster": "cluster"})
        df = df.sort_values(["activity_type", "cluster"], kind="stable")
    return charts.bars(
        df,
        x="cluster",
        y="activities",
        color="activity_type",
        stacked=True,
        title=f"Talte aktiviteter {data.year} pr. ledende klynge og type",
        y_title="Aktiviteter",
        category_order=[c for c in codes("cluster")],
    )


def grant_figure(data: ReportData) -> go.Figure:
    """The ministry grant, allocated vs spent, per cluster."""
    grant = data.grant
    names = labels("cluster")
    if grant.empty:
        df = pd.DataFrame(columns=["cluster", "allocated_dkk", "spent_dkk"])
    else:
        df = grant.groupby("cluster", as_index=False, sort=False)[
            ["allocated_dkk", "spent_dkk"]
        ].sum()
        order = {c: i for i, c in enumerate(codes("cluster"))}
        df = df.sort_values("cluster", key=lambda s: s.map(order)).reset_index(drop=True)
        df["cluster"] = df["cluster"].map(lambda c: names.get(c, c))
    return charts.grouped_amounts(
        df,
        x="cluster",
        title=f"Ministeriets bevilling {data.year}: tildelt og forbrugt pr. klynge (kr.)",
        series=[("allocated_dkk", "Tildelt"), ("spent_dkk", "Forbrugt")],
        y_title="kr.",
    )


def report_figures(data: ReportData) -> list[tuple[str, go.Figure]]:
    """The PDF's four charts with a caption each, in page order (each sized for print)."""
    heights = (540, 560, 420, 420)
    figures = [
        (
            "Målopfyldelse for de nøgletal, der har et mål. Farven viser status.",
            achievement_figure(data),
        ),
        (
            "Målopfyldelse pr. klynge. Tomme felter: intet mål for klyngen.",
            cluster_heatmap_figure(data),
        ),
        ("Talte aktiviteter efter ledende klynge og aktivitetstype.", activities_figure(data)),
        ("Ministeriets bevilling: tildelt og forbrugt i året pr. klynge.", grant_figure(data)),
    ]
    return [
        (caption, print_layout(fig, height))
        for (caption, fig), height in zip(figures, heights, strict=True)
    ]


def print_layout(fig: go.Figure, height: int = HEIGHT) -> go.Figure:
    """Adjust a dashboard figure for a printed page: white background, fixed size, larger text."""
    fig = go.Figure(fig)
    fig.update_layout(
        width=WIDTH,
        height=height,
        font={"size": 13},
        title={"font": {"size": 16}},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 20, "r": 20, "t": 60, "b": 20},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    fig.update_xaxes(gridcolor="#e0e0e0", linecolor="#808080", tickformat=",~r")
    fig.update_yaxes(gridcolor="#e0e0e0", linecolor="#808080")
    fig.update_layout(separators=",.")
    return fig


def render_png(figures: list[go.Figure]) -> list[bytes]:
    """Render the figures as PNG images with kaleido; raise ReportError if that fails.

    kaleido 1.x drives a headless Chromium: it finds `chromium` on PATH (Debian:
    `apt-get install chromium`), or the browser named by the environment variable BROWSER_PATH.
    One browser serves all figures of a report.
    """
    try:
        import kaleido
    except ImportError as exc:  # pragma: no cover - kaleido is a dependency
        raise ReportError(
            "Pakken kaleido mangler; den er nødvendig for PDF'ens diagrammer."
        ) from exc
    images = []
    with _KALEIDO_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            kaleido.start_sync_server(silence_warnings=True)
            for fig in figures:
                images.append(
                    fig.to_image(
                        format="png",
                        width=fig.layout.width or WIDTH,
                        height=fig.layout.height or HEIGHT,
                        scale=2,
                    )
                )
        except Exception as exc:
            raise ReportError(
                "PDF'ens diagrammer kunne ikke tegnes: kaleido fandt ingen brugbar Chromium "
                f"({type(exc).__name__}: {exc}). Installér Chromium (Debian/Ubuntu: "
                "'apt-get install chromium') eller sæt miljøvariablen BROWSER_PATH til en "
                "Chrome/Chromium, og byg rapporten igen. Der er ikke skrevet nogen filer."
            ) from exc
        finally:
            try:
                kaleido.stop_sync_server(silence_warnings=True)
            except Exception:  # noqa: BLE001 - stopping a server that did not start
                pass
    return images
