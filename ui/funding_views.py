"""The Funding page's frames: allocated against spent by cluster, quarter or category, and the
table of funding rows with translated columns."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.common import enum_of, label_of, labels
from ui.i18n import enum_label, t


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
