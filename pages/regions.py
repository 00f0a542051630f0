"""Regioner og klynger / Regions and clusters: achievement heatmap (KPI × cluster), per-cluster
detail (click a cell or pick a cluster), and reach by the organisations' own home region."""

from __future__ import annotations

import streamlit as st

from ui import charts, common, data, filters, formats, scorecard
from ui import notes as ui_notes
from ui.i18n import t

f = filters.current()
lang = f.lang
cluster_label = common.label_of("cluster", lang)
region_label = common.label_of("region", lang)
st.title(t("page_regions", lang))
st.caption(
    f"{t('year', lang)} {f.year} · {t('as_of', lang)} {formats.fmt_date(f.as_of, lang)}"
    + common.filter_note(f)
)

# Heatmap of achievement % per KPI and cluster; a click on a cell opens that cluster's detail
catalogue = common.kpi_catalogue(lang)
by_cluster = data.kpi_table(f.year, "cluster", f.as_of, f.kpi_filters())
matrix, text, row_codes, col_codes = scorecard.achievement_matrix(by_cluster, catalogue, lang)
if matrix.empty:
    common.empty_state(lang, t("no_achievement", lang))
else:
    fig = charts.heatmap(
        matrix,
        t("heatmap_title", lang),
        "%",
        text=text,
        row_codes=row_codes,
        col_codes=col_codes,
        zmid=100,
    )
    event = common.plot(
        lang, fig, key="regions_heatmap", on_select="rerun", selection_mode=("points", "box")
    )
    st.caption(t("drill_hint", lang))
    clicked = charts.selected_codes(event, 1)
    common.apply_selection("regions_cluster", clicked, clicked[0] if clicked else None)

# Per-cluster detail
st.subheader(t("cluster_detail", lang))
clusters = list(f.clusters) or list(common.labels("cluster", lang))
if st.session_state.get("regions_cluster") not in clusters:
    st.session_state["regions_cluster"] = clusters[0]
cluster = st.selectbox(
    t("pick_cluster", lang), clusters, format_func=cluster_label, key="regions_cluster"
)
head = data.query("headline", year=f.year, as_of=f.as_of, clusters=[cluster], themes=list(f.themes))
common.metric_row(
    [
        (t("activities", lang), formats.fmt_number(head["activities"], lang)),
        (t("participants", lang), formats.fmt_number(head["participants"], lang)),
        (t("companies", lang), formats.fmt_number(head["companies"], lang)),
        (t("inkind_dkk", lang), formats.fmt_compact(head["inkind_dkk"], lang)),
    ]
)
cluster_notes = ui_notes.read(lang, f.year, scope=cluster)
card = scorecard.scorecard(
    by_cluster[by_cluster["scope"] == cluster], catalogue, lang, notes=cluster_notes
)
st.dataframe(
    scorecard.style_scorecard(card, lang), hide_index=True, width="stretch", key="regions_card"
)
st.markdown(f"**{t('notes_by_cluster', lang)}**")
if cluster_notes.empty:
    st.text(t("notes_none", lang))
else:
    kpi_names = dict(zip(catalogue["kpi_id"], catalogue["name"], strict=True))
    st.dataframe(
        ui_notes.notes_table(cluster_notes, kpi_names, lang),
        hide_index=True,
        width="stretch",
        key="regions_notes",
    )

# Reach: participating organisations by their own home region, Sjælland included
reach = data.query("reach_by_region", **f.scope())
reach["region_label"] = reach["region"].map(region_label)
reach["cluster_label"] = reach["cluster"].map(
    lambda c: t("total", lang) if c == "*" else cluster_label(c)
)
shown = reach[reach["cluster"].notna()]
if shown.empty or shown["organisations"].sum() == 0:
    common.empty_state(lang)
else:
    fig = charts.bars(
        shown,
        x="region_label",
        y="organisations",
        color="cluster_label",
        codes="region",
        title=t("reach_title", lang),
        y_title=t("organisations", lang),
        category_order=[region_label(r) for r in common.labels("region", lang)],
    )
    common.plot(lang, fig, key="regions_reach")
for region in common.non_partner_regions(lang):
    st.caption(t("reach_caption", lang, region=region))
