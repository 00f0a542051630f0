"""The steering committee's scorecard: each KPI's actual, target, status, year-end forecast, last
year at the same date, and the latest note, shaped for display (pure functions of DataFrames
plus the two readers that pick the scorecard's scope)."""

from __future__ import annotations

import pandas as pd

from ui import data
from ui.common import STATUS_STYLE, label_of, labels, status_colour, status_text
from ui.formats import fmt_kpi_value, fmt_number, has_value
from ui.i18n import t

#: statuses that read "fine today" and forecast statuses that read "the target will be missed"
FINE_TODAY = frozenset({"on_track", "achieved"})
SHORT_OF_TARGET = frozenset({"close", "missed"})
NOTE_PREVIEW = 70


def scorecard_scope(f) -> str | None:
    """The cluster whose own targets apply: exactly one cluster chosen and no theme."""
    return f.clusters[0] if len(f.clusters) == 1 and not f.themes else None


def scorecard_table(f, forecast: bool = True, previous: bool = False) -> pd.DataFrame:
    """The KPI table the scorecard shows (with the forecast, and last year if asked): national,
    or for exactly one chosen cluster (and no theme) that cluster's scope, which carries the
    cluster's own targets."""
    cluster = scorecard_scope(f)
    by = "cluster" if cluster else "national"
    if forecast or previous:
        table = data.kpi_scorecard(f.year, by, f.as_of, f.kpi_filters(), previous=previous)
    else:
        table = data.kpi_table(f.year, by, f.as_of, f.kpi_filters())
    return table[table["scope"] == cluster] if cluster else table


def scorecard_monthly(f, kpi_id: str) -> pd.DataFrame:
    """The burn-up series for the scorecard's scope (see `scorecard_table`)."""
    cluster = scorecard_scope(f)
    if cluster:
        monthly = data.kpi_monthly(kpi_id, f.year, "cluster", f.as_of, f.kpi_filters())
        return monthly[monthly["scope"] == cluster]
    return data.kpi_monthly(kpi_id, f.year, "national", f.as_of, f.kpi_filters())


def forecast_warning(status: object, forecast_status: object) -> bool:
    """True for a KPI that looks fine today but will end the year short of its target."""
    return status in FINE_TODAY and forecast_status in SHORT_OF_TARGET


def note_preview(notes: pd.DataFrame) -> dict[str, str]:
    """{kpi_id: '💬 latest text… (+n)'} of the notes given (list_notes' columns)."""
    out: dict[str, str] = {}
    if notes is None or notes.empty:
        return out
    ordered = notes.sort_values(["edited_at", "note_id"])
    for kpi_id, group in ordered.groupby("kpi_id", sort=False):
        text = " ".join(str(group.iloc[-1]["text"]).split())
        if len(text) > NOTE_PREVIEW:
            text = text[: NOTE_PREVIEW - 1].rstrip() + "…"
        more = f" (+{len(group) - 1})" if len(group) > 1 else ""
        out[str(kpi_id)] = f"💬 {text}{more}"
    return out


def _change(value: object, unit: str, lang: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    sign = "+" if float(value) > 0 else ("±" if float(value) == 0 else "")
    return sign + fmt_kpi_value(value, unit, lang)


def scorecard(
    table: pd.DataFrame,
    catalogue: pd.DataFrame,
    lang: str,
    notes: pd.DataFrame | None = None,
    previous_year: bool = False,
) -> pd.DataFrame:
    """The scorecard table for display, in catalogue order: goal_label, kpi_id, status_code,
    forecast_code, then the shown columns (KPI, actual, target, achievement, status and, where
    the table has them, forecast, forecast status, last year and change, and notes)."""
    merged = catalogue.merge(table, on="kpi_id", how="left")
    units = merged["unit"]
    out = pd.DataFrame(
        {
            "goal_label": merged["goal_label"],
            "kpi_id": merged["kpi_id"],
            "status_code": merged["status"],
            "forecast_code": merged.get("forecast_status", pd.Series(None, index=merged.index)),
            t("kpi", lang): merged["name"],
            t("actual", lang): [
                fmt_kpi_value(v, u, lang) for v, u in zip(merged["actual"], units, strict=True)
            ],
            t("target", lang): [
                fmt_kpi_value(v, u, lang) for v, u in zip(merged["target"], units, strict=True)
            ],
            t("achievement", lang): [
                f"{fmt_number(v, lang, 1)} %" if pd.notna(v) else "–"
                for v in merged["achievement_pct"]
            ],
            t("status", lang): [status_text(s, lang) for s in merged["status"]],
        }
    )
    if "forecast" in merged:
        out[t("forecast", lang)] = [
            ("" if bool(ok) else "≈ ") + fmt_kpi_value(v, u, lang) if pd.notna(v) else "–"
            for v, u, ok in zip(merged["forecast"], units, merged["forecast_reliable"], strict=True)
        ]
        out[t("forecast_status", lang)] = [
            ("⚠ " if forecast_warning(s, fs) else "") + status_text(fs, lang)
            for s, fs in zip(merged["status"], merged["forecast_status"], strict=True)
        ]
    if previous_year and "previous_actual" in merged:
        out[t("previous_year", lang)] = [
            fmt_kpi_value(v, u, lang) for v, u in zip(merged["previous_actual"], units, strict=True)
        ]
        out[t("change", lang)] = [
            _change(v, u, lang) for v, u in zip(merged["change"], units, strict=True)
        ]
    if notes is not None:
        preview = note_preview(notes)
        out[t("notes", lang)] = [preview.get(k, "") for k in merged["kpi_id"]]
    return out


def style_scorecard(part: pd.DataFrame, lang: str):
    """The shown columns of a scorecard part with the status cells coloured (plus their icons)."""
    shown = part.drop(columns=["goal_label", "kpi_id", "status_code", "forecast_code"])
    colours = [status_colour(s) for s in part["status_code"]]
    forecast_colours = [status_colour(s) for s in part["forecast_code"]]

    def paint(column: pd.Series) -> list[str]:
        return [f"color: {c}; font-weight: 600" for c in colours]

    def paint_forecast(column: pd.Series) -> list[str]:
        return [f"color: {c}; font-weight: 600" for c in forecast_colours]

    styled = shown.style.apply(paint, subset=[t("status", lang)])
    if t("forecast_status", lang) in shown:
        styled = styled.apply(paint_forecast, subset=[t("forecast_status", lang)])
    return styled


def achievement_matrix(
    by_cluster: pd.DataFrame, catalogue: pd.DataFrame, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str]]:
    """(achievement % matrix KPI name × cluster label, cell texts with status icon, KPI ids,
    cluster codes) for the KPIs that have an achievement in at least one cluster."""
    rows = by_cluster.dropna(subset=["achievement_pct"])
    if rows.empty:
        return pd.DataFrame(), pd.DataFrame(), [], []
    kpis = [k for k in catalogue["kpi_id"] if k in set(rows["kpi_id"])]
    clusters = [c for c in labels("cluster", lang) if c in set(by_cluster["scope"])]
    values = by_cluster.pivot_table(
        index="kpi_id", columns="scope", values="achievement_pct", aggfunc="first", dropna=False
    ).reindex(index=kpis, columns=clusters)
    status = by_cluster.pivot_table(
        index="kpi_id", columns="scope", values="status", aggfunc="first"
    ).reindex(index=kpis, columns=clusters)
    text = pd.DataFrame(
        [
            [
                f"{STATUS_STYLE.get(str(s), ('', ''))[0]} {fmt_number(v, lang, 0)} %"
                if has_value(v)
                else "–"
                for v, s in zip(values.loc[k], status.loc[k], strict=True)
            ]
            for k in kpis
        ]
    )
    names = dict(zip(catalogue["kpi_id"], catalogue["name"], strict=True))
    cluster_label = label_of("cluster", lang)
    matrix = values.copy()
    matrix.index = [names[k] for k in kpis]
    matrix.columns = [cluster_label(c) for c in clusters]
    return matrix, text, kpis, clusters
