"""What every page draws with: words for codes and statuses, the KPI catalogue, the empty and
error states, the filter note, metric tiles, chart selections and the language-aware chart."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from ui import data
from ui.i18n import ENUMS, country_name, enum_label, status_label, t
from warehouse import reference
from warehouse.db import warehouse_path
from warehouse.vocabulary import GREY, NO_TECHNOLOGY, STATUS_COLOURS, STATUS_ICONS

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
        if dimension == "technology" and code == NO_TECHNOLOGY:
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


def outdated_warehouse(lang: str) -> None:
    """Explain that the warehouse was built by another version of the code: load it again."""
    st.title(t("outdated_title", lang))
    st.markdown(t("outdated_body", lang, path=str(warehouse_path())))
    st.code("healthtech load --input <mappe / folder>", language="bash")


@contextmanager
def guard(lang: str) -> Iterator[None]:
    """Run a page body; an unexpected exception becomes a friendly message, logged in full."""
    try:
        yield
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("page failed (reference %s)", ref)
        st.error(t("error", lang, ref=ref), icon="⚠️")


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


def period_labels(periods: pd.Series, grain: str) -> pd.Series:
    """Period starts as axis labels: 2020, 2020-Q3 or 2020-07."""
    stamps = pd.to_datetime(periods)
    if grain == "year":
        return stamps.dt.strftime("%Y")
    if grain == "quarter":
        return stamps.dt.year.astype(str) + "-Q" + stamps.dt.quarter.astype(str)
    return stamps.dt.strftime("%Y-%m")


def plot(lang: str, fig, key: str, container=None, **kwargs):
    """st.plotly_chart with the language's number separators (1.234,5 in Danish)."""
    fig.update_layout(separators=",." if lang != "en" else ".,")
    return (container or st).plotly_chart(fig, key=key, **kwargs)
