"""The Explorer page's pieces: date bounds, pivot keys and their labels, the pivot, and what an
export of the matching rows says about itself."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ui import access, data
from ui.common import enum_codes, enum_of, label_of, labels
from ui.formats import fmt_date
from ui.i18n import ENUMS, countries, enum_label, lang_index, t
from warehouse.vocabulary import NO_TECHNOLOGY


def explorer_dates(year: int, key: str) -> None:
    """Make the Explorer's date range follow the sidebar year, until the user changes it."""
    marker = f"{key}_year"
    if st.session_state.get(marker) != year or key not in st.session_state:
        st.session_state[key] = (date(year, 1, 1), date(year, 12, 31))
        st.session_state[marker] = year


# The Explorer's pivot dimensions whose keys are codes of a reference list: dimension -> list.
DIMENSION_CODES = {
    "cluster": "cluster",
    "region": "region",
    "host_region": "region",
    "theme": "theme",
    "technology": "technology",
    "activity_type": "activity_type",
    "org_type": "org_type",
}


def pivot_key_label(dimension: str, lang: str):
    """A function pivot key → label for one of the Explorer's pivot dimensions."""
    if dimension in DIMENSION_CODES:
        base = label_of(DIMENSION_CODES[dimension], lang)
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
    if dimension in DIMENSION_CODES:
        order = [*labels(DIMENSION_CODES[dimension], lang), NO_TECHNOLOGY]
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
    maps["technology"][NO_TECHNOLOGY] = t("none_tech", lang)
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
