"""The Data quality page's tables: load runs, each file's counts, skipped entries, quarantined rows
and the last delivery of each cluster, with words instead of codes."""

from __future__ import annotations

import pandas as pd

from ui.common import enum_of, label_of
from ui.formats import fmt_date
from ui.i18n import t


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
