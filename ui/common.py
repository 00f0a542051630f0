"""Helpers shared by the pages: labels, formats, KPI status styles, empty and error states."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import pandas as pd
import streamlit as st

from ui import access, data
from ui.i18n import ENUMS, countries, country_name, enum_label, lang_index, status_label, t
from warehouse import reference
from warehouse.db import warehouse_path
from warehouse.vocabulary import GREY, STATUS_COLOURS, STATUS_ICONS

log = logging.getLogger("healthtech.dashboard")

#: KPI status → (icon, colour), the vocabulary's (warehouse/vocabulary.py).
STATUS_STYLE: dict[str, tuple[str, str]] = {
    code: (STATUS_ICONS[code], STATUS_COLOURS[code]) for code in STATUS_ICONS
}


def status_text(status: str | None, lang: str) -> str:
    """Icon plus words of a KPI status, e.g. '✔ På sporet'."""
    if status is None or (isinstance(status, float) and pd.isna(status)):
        return ""
    icon, _ = STATUS_STYLE.get(str(status), ("", ""))
    return f"{icon} {status_label(status, lang)}".strip()


def status_colour(status: str | None) -> str:
    return STATUS_STYLE.get(str(status), ("", GREY))[1]


# --- labels -----------------------------------------------------------------------------------


def labels(dimension: str, lang: str) -> dict[str, str]:
    """{code: label} of a reference dimension from the warehouse's dim_* table (in display order);
    the reference data if the warehouse cannot be read."""
    try:
        dims = data.query("dimensions")
        rows = dims[dims["dimension"] == dimension].sort_values("sort_order")
        column = "label_en" if lang == "en" else "label_da"
        result = dict(zip(rows["code"], rows[column], strict=True))
        if result:
            return result
    except Exception:  # noqa: BLE001 - fall back to the reference file
        log.debug("dimension labels from reference.toml", exc_info=True)
    return reference.labels(dimension, lang)


def label_of(dimension: str, lang: str):
    """A function code → label for `dimension` (unknown codes are shown as they are);
    `country` gives country names (warehouse/countries.toml)."""
    if dimension == "country":
        return lambda code: t("unknown", lang) if _missing(code) else country_name(code, lang)
    mapping = labels(dimension, lang)
    none_tech = t("none_tech", lang)

    def label(code: object) -> str:
        if code is None or (isinstance(code, float) and pd.isna(code)):
            return t("unknown", lang)
        if dimension == "technology" and code == "NONE":
            return none_tech
        return mapping.get(str(code), str(code))

    return label


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def non_partner_regions(lang: str) -> list[str]:
    """Labels of the regions that take part without being partner regions (Sjælland)."""
    entries = reference.reference()["region"]
    return [labels("region", lang).get(e["code"], e["code"]) for e in entries if not e["partner"]]


def enum_of(enum: str, lang: str):
    """A function code → label for one of the i18n enumerations."""
    return lambda code: enum_label(enum, code, lang)


def enum_codes(enum: str) -> list[str]:
    return list(ENUMS[enum])


# --- KPI catalogue ----------------------------------------------------------------------------


def kpi_catalogue(lang: str) -> pd.DataFrame:
    """kpi_id, goal, goal_label, name, unit, decimals, definition in `lang` (KPI catalogue)."""
    df = data.kpi_catalogue()
    suffix = "en" if lang == "en" else "da"
    return pd.DataFrame(
        {
            "kpi_id": df["id"].astype(str),
            "goal": df["goal"].astype(str),
            "goal_label": df[f"goal_{suffix}"].astype(str),
            "name": df[f"name_{suffix}"].astype(str),
            "unit": df["unit"].astype(str),
            "decimals": df["decimals"].astype(int),
            "definition": df[f"definition_{suffix}"].astype(str),
        }
    )


# --- formats ----------------------------------------------------------------------------------


def fmt_number(value: object, lang: str, decimals: int = 0) -> str:
    """A number in the language's format: 1.234,5 (da) or 1,234.5 (en); '–' for no value."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if lang != "en":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_compact(value: object, lang: str) -> str:
    """A large amount short: 10,5 mio. / 10.5 m (thousands: 12,3 t. / 12.3 k)."""
    if not _has(value):
        return "–"
    number = float(value)
    for size, da, en in ((1e9, "mia.", "bn"), (1e6, "mio.", "m"), (1e3, "t.", "k")):
        if abs(number) >= size:
            return f"{fmt_number(number / size, lang, 1)} {en if lang == 'en' else da}"
    return fmt_number(number, lang)


def fmt_kpi_value(value: object, unit: str, lang: str) -> str:
    """A KPI value in its unit: counts whole, DKK with 'kr.', % and ratios with decimals."""
    unit = (unit or "").lower()
    if unit in ("%", "pct", "percent"):
        return f"{fmt_number(value, lang, 1)} %" if _has(value) else "–"
    if unit == "ratio":
        return fmt_number(value, lang, 2)
    if unit == "dkk":
        return (
            f"{fmt_number(value, lang, 0)} {'DKK' if lang == 'en' else 'kr.'}"
            if _has(value)
            else "–"
        )
    return fmt_number(value, lang, 0 if _whole(value) else 1)


def _has(value: object) -> bool:
    return not (value is None or (isinstance(value, float) and pd.isna(value)))


def _whole(value: object) -> bool:
    try:
        return float(value).is_integer()
    except (TypeError, ValueError):
        return True


def fmt_date(value: date | datetime | None, lang: str) -> str:
    """31-12-2020 (da) or 2020-12-31 (en); with the time for a timestamp."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    value = pd.Timestamp(value)
    has_time = value.hour or value.minute or value.second
    if lang == "en":
        return value.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
    return value.strftime("%d-%m-%Y kl. %H:%M" if has_time else "%d-%m-%Y")


# --- states -----------------------------------------------------------------------------------


def empty_state(lang: str, message: str | None = None) -> None:
    """A friendly note when a selection has no data."""
    st.info(message or t("empty", lang), icon="🔎")


def missing_warehouse(lang: str) -> None:
    """Explain how to load a warehouse instead of failing."""
    st.title(t("missing_title", lang))
    st.markdown(t("missing_body", lang, path=str(warehouse_path())))
    st.code("healthtech load --input sample_data/", language="bash")
    st.markdown(t("missing_make", lang))
    st.code("make run", language="bash")


@contextmanager
def guard(lang: str) -> Iterator[None]:
    """Run a page body; an unexpected exception becomes a friendly message, logged in full."""
    try:
        yield
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("page failed (reference %s)", ref)
        st.error(t("error", lang, ref=ref), icon="⚠️")


# --- page pieces ------------------------------------------------------------------------------


def filter_note(f) -> str:
    """' · Klynger: …; Temaer: …' for the chosen sidebar filters ('' when none)."""
    parts = []
    if f.clusters:
        label = label_of("cluster", f.lang)
        parts.append(f"{t('clusters', f.lang)}: {', '.join(label(c) for c in f.clusters)}")
    if f.themes:
        label = label_of("theme", f.lang)
        parts.append(f"{t('themes', f.lang)}: {', '.join(label(c) for c in f.themes)}")
    return (" · " + "; ".join(parts)) if parts else ""


def metric_row(items: list[tuple[str, str]]) -> None:
    """A row of st.metric tiles: [(label, formatted value), ...]."""
    for column, (label, value) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value, border=True)


_APPLIED = "_applied_selection"


def apply_selection(target_key: str, codes: list[str], value) -> None:
    """Let a chart selection set a widget's value (before the widget is drawn): only when the
    selection changed since it was last applied, so the widget stays free to change later."""
    applied = st.session_state.setdefault(_APPLIED, {})
    marker = tuple(codes)
    if codes and applied.get(target_key) != marker:
        st.session_state[target_key] = value
    applied[target_key] = marker


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
                if _has(v)
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


def period_labels(periods: pd.Series, grain: str) -> pd.Series:
    """Period starts as axis labels: 2020, 2020-Q3 or 2020-07."""
    stamps = pd.to_datetime(periods)
    if grain == "year":
        return stamps.dt.strftime("%Y")
    if grain == "quarter":
        return stamps.dt.year.astype(str) + "-Q" + stamps.dt.quarter.astype(str)
    return stamps.dt.strftime("%Y-%m")


def allocated_vs_spent(funding: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """code, label, allocated, spent of funding rows grouped by cluster, quarter or category."""
    wide = (
        funding.pivot_table(index=by, columns="flow", values="amount_dkk", aggfunc="sum")
        .reindex(columns=["allocated", "spent"])
        .fillna(0.0)
        .reset_index()
    )
    wide["code"] = wide[by].astype(str)
    if by == "cluster":
        order = list(labels("cluster", lang))
        wide["label"] = wide[by].map(label_of("cluster", lang))
        wide = wide.sort_values(by, key=lambda s: s.map({c: i for i, c in enumerate(order)}))
    elif by == "quarter":
        wide["label"] = "Q" + wide[by].astype(str)
    else:
        wide["label"] = wide[by].map(enum_of("funding_category", lang))
    return wide[["code", "label", "allocated", "spent"]].reset_index(drop=True)


def amount_columns(lang: str) -> dict:
    """column_config for the funding table: whole amounts in the reader's number format."""
    return {
        enum_label("funding_flow", flow, lang): st.column_config.NumberColumn(format="localized")
        for flow in ("allocated", "spent")
    }


def funding_table(funding: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Funding rows by cluster, quarter and category with allocated, spent and spent %."""
    wide = (
        funding.pivot_table(
            index=["cluster", "quarter", "category"],
            columns="flow",
            values="amount_dkk",
            aggfunc="sum",
        )
        .reindex(columns=["allocated", "spent"])
        .fillna(0.0)
        .reset_index()
    )
    pct = (wide["spent"] / wide["allocated"].where(wide["allocated"] > 0) * 100).round(1)
    return pd.DataFrame(
        {
            t("cluster", lang): wide["cluster"].map(label_of("cluster", lang)),
            t("quarter", lang): "Q" + wide["quarter"].astype(str),
            t("category", lang): wide["category"].map(enum_of("funding_category", lang)),
            enum_label("funding_flow", "allocated", lang): wide["allocated"].round(0),
            enum_label("funding_flow", "spent", lang): wide["spent"].round(0),
            "%": pct,
        }
    )


# --- explorer ---------------------------------------------------------------------------------


def explorer_dates(year: int, key: str) -> None:
    """Make the Explorer's date range follow the sidebar year, until the user changes it."""
    marker = f"{key}_year"
    if st.session_state.get(marker) != year or key not in st.session_state:
        st.session_state[key] = (date(year, 1, 1), date(year, 12, 31))
        st.session_state[marker] = year


def pivot_key_label(dimension: str, lang: str):
    """A function pivot key → label for one of the Explorer's pivot dimensions."""
    by_dimension = {
        "cluster": "cluster",
        "region": "region",
        "host_region": "region",
        "theme": "theme",
        "technology": "technology",
        "activity_type": "activity_type",
        "org_type": "org_type",
    }
    if dimension in by_dimension:
        base = label_of(by_dimension[dimension], lang)
    elif dimension == "status":
        base = enum_of("activity_status", lang)
    elif dimension == "sme":
        base = lambda v: t(v, lang) if v in ("yes", "no") else str(v)  # noqa: E731
    elif dimension == "country":
        base = label_of("country", lang)
    else:
        base = str

    def label(key: object) -> str:
        if key is None or (isinstance(key, float) and pd.isna(key)):
            return t("unknown", lang)
        if key == "*":
            return t("total", lang)
        return base(key)

    return label


def _key_order(dimension: str, lang: str) -> dict[str, int]:
    codes = {
        "cluster": "cluster",
        "region": "region",
        "host_region": "region",
        "theme": "theme",
        "technology": "technology",
        "activity_type": "activity_type",
        "org_type": "org_type",
    }
    if dimension in codes:
        order = [*labels(codes[dimension], lang), "NONE"]
    elif dimension == "status":
        order = enum_codes("activity_status")
    elif dimension == "sme":
        order = ["yes", "no"]
    else:
        return {}
    return {c: i for i, c in enumerate(order)}


def pivot_view(
    pivot: pd.DataFrame, row_dim: str, col_dim: str, measure: str, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(wide table row label × column label of `measure`, long rows with row_key, row_label,
    col_label and the measure) of the Explorer's pivot, in the dimensions' display order."""
    long = pivot.copy()
    row_order, col_order = _key_order(row_dim, lang), _key_order(col_dim, lang)
    long["_r"] = long["row_key"].map(lambda k: (row_order.get(k, len(row_order)), str(k)))
    long["_c"] = long["col_key"].map(lambda k: (col_order.get(k, len(col_order)), str(k)))
    long = long.sort_values(["_r", "_c"]).drop(columns=["_r", "_c"])
    long["row_key"] = long["row_key"].fillna("")
    long["row_label"] = long["row_key"].map(lambda k: pivot_key_label(row_dim, lang)(k or None))
    long["col_label"] = long["col_key"].map(pivot_key_label(col_dim, lang))
    wide = long.pivot_table(
        index="row_label", columns="col_label", values=measure, aggfunc="sum", sort=False
    ).fillna(0)
    wide.index.name = enum_label("pivot_dim", row_dim, lang)
    wide.columns.name = None
    if col_dim == "none":
        wide.columns = [enum_label("measure", measure, lang)]
    return wide, long.reset_index(drop=True)


def export_label_maps(lang: str) -> dict[str, dict[str, str]]:
    """{dimension: {code: label}} for the labelled columns of the Explorer's rows."""
    maps = {
        dim: dict(labels(dim, lang))
        for dim in ("cluster", "region", "theme", "technology", "activity_type", "org_type")
    }
    maps["technology"]["NONE"] = t("none_tech", lang)
    for enum in ("activity_status", "participation_role"):
        maps[enum] = {c: enum_label(enum, c, lang) for c in ENUMS[enum]}
    maps["country"] = {c: names[lang_index(lang)] for c, names in countries().items()}
    return maps


def explorer_export_info(
    f, params: dict, drill: list[str], row_dim: str, lang: str
) -> list[tuple[str, str]]:
    """The filters applied, in words, and the warehouse's load time (the Excel's filter sheet)."""

    def names(dimension: str, codes) -> str:
        label = label_of(dimension, lang)
        return ", ".join(label(c) for c in codes) if codes else t("all", lang)

    first, last = params.get("date_from"), params.get("date_to")
    rows = [
        (t("date_range", lang), f"{fmt_date(first, lang)} – {fmt_date(last, lang)}"),
        (t("clusters", lang), names("cluster", params.get("clusters"))),
        (t("themes", lang), names("theme", params.get("themes"))),
        (t("region", lang), names("region", params.get("regions"))),
        (t("technology", lang), names("technology", params.get("technologies"))),
        (t("activity_type", lang), names("activity_type", params.get("activity_types"))),
        (t("org_type", lang), names("org_type", params.get("org_types"))),
        (
            t("sme", lang),
            t("all", lang)
            if params.get("sme") is None
            else t("yes" if params["sme"] else "no", lang),
        ),
        (t("country", lang), names("country", params.get("countries"))),
        (
            t("activity_status", lang),
            ", ".join(enum_label("activity_status", s, lang) for s in params.get("statuses") or [])
            or t("all", lang),
        ),
    ]
    if drill:
        label = pivot_key_label(row_dim, lang)
        rows.append((enum_label("pivot_dim", row_dim, lang), ", ".join(label(k) for k in drill)))
    scope = access.data_clusters()
    if scope is not None:
        rows.append((t("access_scope", lang), names("cluster", scope) if scope else "–"))
    info = data.query("warehouse_info")
    rows.append((t("warehouse_loaded_at", lang), fmt_date(info.get("loaded_at"), lang)))
    rows.append((t("load", lang), str(info.get("load_id") or "–")))
    return rows


# --- data quality -----------------------------------------------------------------------------


def load_runs_view(runs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The load history with headings and statuses in `lang`."""
    return pd.DataFrame(
        {
            t("load", lang): runs["load_id"],
            t("loaded_at", lang, when="").strip(): runs["finished_at"].map(
                lambda v: fmt_date(v, lang)
            ),
            t("status", lang): runs["status"].map(enum_of("load_status", lang)),
            t("files_count", lang): runs["files"],
            t("rows_read", lang): runs["rows_read"],
            t("rows_loaded", lang): runs["rows_loaded"],
            t("rows_quarantined", lang): runs["rows_quarantined"],
            t("message", lang): runs["message"].fillna(""),
        }
    )


def load_log_view(files: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The files of one load with their counts."""
    return pd.DataFrame(
        {
            t("file", lang): files["file_name"],
            t("kind", lang): files["kind"].map(enum_of("file_kind", lang)),
            t("rows_read", lang): files["rows_read"],
            t("rows_loaded", lang): files["rows_loaded"],
            t("rows_quarantined", lang): files["rows_quarantined"],
            t("status", lang): files["status"].map(enum_of("load_status", lang)),
            t("message", lang): files["message"].fillna(""),
        }
    )


def skipped_view(skipped: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The entries of the input folder that a load did not read, and why."""
    return pd.DataFrame(
        {
            t("entry", lang): skipped["entry_name"],
            t("skip_reason", lang): skipped["reason"].map(enum_of("skip_reason", lang)),
            t("message", lang): skipped["message"].fillna(""),
        }
    )


def quarantine_view(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Quarantined rows: file, row, column, rule (in words), original value, message."""
    return pd.DataFrame(
        {
            t("file", lang): rows["source_file"],
            t("kind", lang): rows["kind"].map(enum_of("file_kind", lang)),
            t("row_number", lang): rows["row_number"],
            t("column_name", lang): rows["column_name"],
            t("rule", lang): rows["rule"].map(enum_of("rule", lang)),
            t("value", lang): rows["original_value"],
            t("message", lang): rows["message"],
        }
    )


def last_delivery_view(deliveries: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A cluster × kind table of the date each cluster last delivered each kind of file."""
    cluster_label = label_of("cluster", lang)
    table = deliveries.assign(
        who=deliveries["cluster"].map(lambda c: cluster_label(c) if c else t("secretariat", lang)),
        kind_label=deliveries["kind"].map(enum_of("file_kind", lang)),
        when=deliveries["delivered_at"].map(lambda v: fmt_date(v, lang)),
    ).pivot_table(index="who", columns="kind_label", values="when", aggfunc="first")
    table.index.name = t("cluster", lang)
    table.columns.name = None
    return table.fillna("–")


def plot(lang: str, fig, key: str, container=None, **kwargs):
    """st.plotly_chart with the language's number separators (1.234,5 in Danish)."""
    fig.update_layout(separators=",." if lang != "en" else ".,")
    return (container or st).plotly_chart(fig, key=key, **kwargs)
