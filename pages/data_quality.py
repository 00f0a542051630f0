"""Datakvalitet / Data quality: load history, each file's counts, quarantined rows with their
reasons (filterable, downloadable), and when each cluster last delivered each kind of file."""

from __future__ import annotations

import streamlit as st

from ui import access, charts, common, data, export, filters, formats, quality_views
from ui.i18n import t

MAX_ROWS_SHOWN = 1_000

f = filters.current()
lang = f.lang
st.title(t("page_quality", lang))
access.scope_note(lang)

# Load history
st.subheader(t("load_history", lang))
runs = data.query("load_runs")
if runs.empty:
    common.empty_state(lang)
    st.stop()
st.dataframe(
    quality_views.load_runs_view(runs, lang), hide_index=True, width="stretch", key="dq_runs"
)

# Each file's counts in one load
load_ids = [int(i) for i in runs["load_id"]]
loaded = [i for i, status in zip(load_ids, runs["status"], strict=True) if status == "loaded"]
load_id = st.selectbox(
    t("files_of_load", lang),
    load_ids,
    index=load_ids.index(loaded[0]) if loaded else 0,
    key="dq_load",
)
files = data.query("load_log")
files = files[files["load_id"] == load_id]
if files.empty:
    common.empty_state(lang)
else:
    counts = files.melt(
        id_vars=["file_name"], value_vars=["rows_loaded", "rows_quarantined"], var_name="what"
    )
    counts["what"] = counts["what"].map(lambda w: t(w, lang))
    common.plot(
        lang,
        charts.bars(
            counts,
            x="file_name",
            y="value",
            color="what",
            stacked=True,
            horizontal=True,
            title=f"{t('files_of_load', lang)} {load_id}",
            y_title=t("rows", lang),
            colors={
                t("rows_loaded", lang): charts.PALETTE[2],
                t("rows_quarantined", lang): charts.HIGHLIGHT,
            },
        ),
        key="dq_files_chart",
    )
    st.dataframe(
        quality_views.load_log_view(files, lang), hide_index=True, width="stretch", key="dq_files"
    )

# Entries of the input folder that the load did not read, and why
st.markdown(f"**{t('skipped_title', lang)}**")
skipped = data.query("load_skipped", load_ids=[load_id])
if skipped.empty:
    st.caption(t("skipped_none", lang))
else:
    st.caption(t("skipped_caption", lang))
    st.dataframe(
        quality_views.skipped_view(skipped, lang),
        hide_index=True,
        width="stretch",
        key="dq_skipped",
    )

# Quarantined rows with their reasons (filterable, downloadable)
st.subheader(t("quarantine", lang))
everything = data.query("quarantine", load_ids=[load_id])
c1, c2, c3 = st.columns(3)
chosen_files = c1.multiselect(
    t("file", lang),
    sorted(everything["source_file"].unique()),
    placeholder=t("all", lang),
    key="dq_q_files",
)
chosen_kinds = c2.multiselect(
    t("kind", lang),
    sorted(everything["kind"].unique()),
    format_func=common.enum_of("file_kind", lang),
    placeholder=t("all", lang),
    key="dq_q_kinds",
)
chosen_rules = c3.multiselect(
    t("rule", lang),
    sorted(everything["rule"].unique()),
    format_func=common.enum_of("rule", lang),
    placeholder=t("all", lang),
    key="dq_q_rules",
)
rows = data.query(
    "quarantine", load_ids=[load_id], files=chosen_files, kinds=chosen_kinds, rules=chosen_rules
)
if rows.empty:
    st.success(t("quarantine_none", lang))
else:
    shown = quality_views.quarantine_view(rows, lang)
    st.caption(
        t(
            "showing",
            lang,
            n=formats.fmt_number(min(len(shown), MAX_ROWS_SHOWN), lang),
            m=formats.fmt_number(len(shown), lang),
        )
    )
    # at most MAX_ROWS_SHOWN rows go to the browser; the download holds all of them
    st.dataframe(shown.head(MAX_ROWS_SHOWN), hide_index=True, width="stretch", key="dq_quarantine")
    st.download_button(
        t("download_quarantine", lang),
        export.to_csv_bytes(shown),
        file_name=f"quarantine_load_{load_id}.csv",
        mime="text/csv",
        key="dq_q_download",
        on_click="ignore",
        icon=":material/download:",
    )

# When each cluster last delivered each kind of file
st.subheader(t("last_delivery", lang))
deliveries = data.query("last_delivery")
if deliveries.empty:
    common.empty_state(lang)
else:
    st.dataframe(
        quality_views.last_delivery_view(deliveries, lang), width="stretch", key="dq_deliveries"
    )
st.caption(t("last_delivery_caption", lang))
