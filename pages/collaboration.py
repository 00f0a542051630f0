"""Samarbejde / Collaboration: cross-regional (region × region meetings, network of clusters and
regions) and international (organisations and activities by country, priority markets)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts, common, data, filters
from ui.i18n import t

f = filters.current()
lang = f.lang
region_label = common.label_of("region", lang)
cluster_label = common.label_of("cluster", lang)
st.title(t("page_collaboration", lang))
st.caption(f"{t('year', lang)} {f.year}" + common.filter_note(f))

# Cross-regional: region × region matrix of organisations meeting in the same activities
st.header(t("cross_regional", lang))
pairs = data.query("region_matrix", **f.scope())
if pairs.empty:
    common.empty_state(lang)
else:
    regions = list(common.labels("region", lang))
    matrix = (
        pairs.pivot_table(index="region_a", columns="region_b", values="activities", aggfunc="sum")
        .reindex(index=regions, columns=regions)
        .fillna(0)
    )
    matrix.index = [region_label(r) for r in regions]
    matrix.columns = [region_label(r) for r in regions]
    event = common.plot(
        lang,
        charts.heatmap(
            matrix,
            t("region_matrix_title", lang),
            t("activities", lang),
            row_codes=regions,
            col_codes=regions,
        ),
        key="collab_matrix",
        on_select="rerun",
        selection_mode=("points", "box"),
    )
    chosen = list(
        zip(charts.selected_codes(event, 0), charts.selected_codes(event, 1), strict=False)
    )
    if chosen:
        detail = pairs.merge(pd.DataFrame(chosen, columns=["region_a", "region_b"]))
        detail = detail.assign(
            region_a=detail["region_a"].map(region_label),
            region_b=detail["region_b"].map(region_label),
        ).rename(
            columns={
                "region_a": t("region", lang) + " A",
                "region_b": t("region", lang) + " B",
                "activities": t("activities", lang),
                "organisations": t("organisations", lang) + " (A)",
            }
        )
        st.dataframe(detail, hide_index=True, key="collab_matrix_detail")
    else:
        st.caption(t("drill_hint", lang))

# Network picture of clusters and regions
edges = data.query("cluster_network", **f.scope())
nodes = pd.DataFrame(
    [
        {"id": c, "label": c, "kind": "cluster", "kind_label": t("clusters", lang)}
        for c in common.labels("cluster", lang)
    ]
    + [
        {"id": r, "label": region_label(r), "kind": "region", "kind_label": t("region", lang)}
        for r in common.labels("region", lang)
    ]
)
edges["source_label"] = edges["source"].map(cluster_label)
edges["target_label"] = [
    cluster_label(v) if k == "cluster" else region_label(v)
    for k, v in zip(edges["target_kind"], edges["target"], strict=True)
]
common.plot(lang, charts.network(nodes, edges, t("network_title", lang)), key="collab_network")
st.caption(t("network_caption", lang))

# International: organisations and activities by country; priority markets highlighted
st.header(t("international", lang))
intl = data.query("international", as_of=f.as_of, clusters=list(f.clusters), themes=list(f.themes))
left, right = st.columns(2)
for column, value, title, key in (
    (left, "organisations", t("intl_orgs_title", lang), "collab_intl_orgs"),
    (right, "activities", t("intl_acts_title", lang), "collab_intl_acts"),
):
    fig = charts.international(
        intl,
        title,
        value,
        t(value, lang),
        t("priority_market", lang),
        t("other_market", lang),
        names={c: common.label_of("country", lang)(c) for c in intl["country"].unique()},
    )
    common.plot(lang, fig, key=key, container=column)
