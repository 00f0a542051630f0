"""Udforsk data / Explorer (for cluster leads): filters on every dimension, a pivot (rows ×
columns × measure; click a bar to narrow the rows), the matching rows (at most 1,000 sent to the
browser) and downloads of exactly the filtered rows as CSV and Excel."""

from __future__ import annotations

import streamlit as st

from ui import access, charts, common, data, explorer_views, export, filters, formats
from ui.i18n import enum_label, t
from warehouse.queries import PIVOT_DIMENSIONS, PIVOT_MEASURES
from warehouse.vocabulary import NO_TECHNOLOGY

MAX_ROWS_SHOWN = 1_000

f = filters.current()
lang = f.lang
st.title(t("page_explorer", lang))
st.caption(t("explorer_caption", lang) + common.filter_note(f))
access.scope_note(lang)

# Filters: clusters and themes come from the sidebar, the rest are here
options = data.query("explorer_options")
explorer_views.explorer_dates(f.year, key="ex_dates")
c1, c2, c3 = st.columns(3)
date_range = c1.date_input(t("date_range", lang), key="ex_dates", format="DD-MM-YYYY")
statuses = c2.multiselect(
    t("activity_status", lang),
    common.enum_codes("activity_status"),
    format_func=common.enum_of("activity_status", lang),
    placeholder=t("all", lang),
    key="ex_statuses",
)
activity_types = c3.multiselect(
    t("activity_type", lang),
    list(common.labels("activity_type", lang)),
    format_func=common.label_of("activity_type", lang),
    placeholder=t("all", lang),
    key="ex_types",
)
c1, c2, c3 = st.columns(3)
regions = c1.multiselect(
    t("region", lang),
    list(common.labels("region", lang)),
    format_func=common.label_of("region", lang),
    placeholder=t("all", lang),
    key="ex_regions",
)
technologies = c2.multiselect(
    t("technology", lang),
    [*common.labels("technology", lang), NO_TECHNOLOGY],
    format_func=common.label_of("technology", lang),
    placeholder=t("all", lang),
    key="ex_technologies",
)
org_types = c3.multiselect(
    t("org_type", lang),
    list(common.labels("org_type", lang)),
    format_func=common.label_of("org_type", lang),
    placeholder=t("all", lang),
    key="ex_org_types",
)
c1, c2, _ = st.columns(3)
sme = c1.segmented_control(
    t("sme", lang),
    ("yes", "no"),
    format_func=lambda v: t(v, lang),
    key="ex_sme",
)
countries = c2.multiselect(
    t("country", lang),
    options["countries"],
    format_func=common.label_of("country", lang),
    placeholder=t("all", lang),
    key="ex_countries",
)
params = {
    "date_from": date_range[0] if len(date_range) > 0 else None,
    "date_to": date_range[1] if len(date_range) > 1 else None,
    "clusters": list(f.clusters),
    "themes": list(f.themes),
    "regions": regions,
    "technologies": technologies,
    "activity_types": activity_types,
    "org_types": org_types,
    "sme": {"yes": True, "no": False}.get(sme),
    "countries": countries,
    "statuses": statuses,
}

# Pivot: rows × columns × measure; a click on a bar narrows the rows below
st.subheader(t("pivot", lang))
dim_name = common.enum_of("pivot_dim", lang)
c1, c2, c3 = st.columns(3)
row_dim = c1.selectbox(t("rows", lang), PIVOT_DIMENSIONS, format_func=dim_name, key="ex_rows")
col_dim = c2.selectbox(
    t("columns", lang),
    ("none", *PIVOT_DIMENSIONS),
    format_func=lambda d: t("none_dim", lang) if d == "none" else dim_name(d),
    key="ex_cols",
)
measure = c3.selectbox(
    t("measure", lang),
    PIVOT_MEASURES,
    format_func=common.enum_of("measure", lang),
    key="ex_measure",
)
pivot = data.query("explorer_pivot", row_dim=row_dim, col_dim=col_dim, **params)
if pivot.empty:
    common.empty_state(lang)
    st.stop()
shown_pivot, long = explorer_views.pivot_view(pivot, row_dim, col_dim, measure, lang)
st.dataframe(shown_pivot, width="stretch", key="ex_pivot_table")
event = common.plot(
    lang,
    charts.bars(
        long,
        x="row_label",
        y=measure,
        color=None if col_dim == "none" else "col_label",
        codes="row_key",
        title=f"{enum_label('measure', measure, lang)} · {dim_name(row_dim)}",
        y_title=enum_label("measure", measure, lang),
        category_order=list(shown_pivot.index),
    ),
    key="ex_pivot_chart",
    on_select="rerun",
    selection_mode=("points", "box"),
)
drill = charts.selected_codes(event)

# The matching rows: at most MAX_ROWS_SHOWN sent to the browser, downloads hold all of them
st.subheader(t("matching_rows", lang))
row_params = {**params, "drill_dim": row_dim if drill else None, "drill_keys": drill or None}
rows = data.query("explorer_rows", limit=MAX_ROWS_SHOWN, **row_params)
total = int(rows["total_rows"].iloc[0]) if len(rows) else 0
if drill:
    label = explorer_views.pivot_key_label(row_dim, lang)
    st.info(t("selected", lang, what=", ".join(label(k) for k in drill)))
st.caption(
    t("showing", lang, n=formats.fmt_number(len(rows), lang), m=formats.fmt_number(total, lang))
)
label_maps = explorer_views.export_label_maps(lang)
yes_no = (t("yes", lang), t("no", lang))
st.dataframe(
    export.label_explorer_rows(rows, lang, label_maps, yes_no),
    hide_index=True,
    width="stretch",
    key="ex_rows_table",
)
info = explorer_views.explorer_export_info(f, params, drill, row_dim, lang)
path, _ = data.current_warehouse()
c1, c2, _ = st.columns([1, 1, 3])
for column, kind, mime, label_key in (
    (c1, "csv", "text/csv", "download_csv"),
    (
        c2,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "download_xlsx",
    ),
):
    column.download_button(
        t(label_key, lang),
        export.explorer_download(
            kind,
            data.restricted("explorer_rows", row_params),
            path,
            lang,
            label_maps,
            yes_no,
            info,
            (t("matching_rows", lang), t("filters_sheet", lang)),
            (t("exported_at", lang), t("row_count", lang)),
        ),
        file_name=f"healthtech_explorer.{kind}",
        mime=mime,
        key=f"ex_download_{kind}",
        on_click="ignore",
        disabled=total == 0,
        icon=":material/download:",
    )
