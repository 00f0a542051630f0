"""Finansiering og in-kind / Funding and in-kind: the ministry grant allocated vs spent (by
cluster, quarter or category; click a bar for its detail), in-kind hours and value by
organisation type and cluster, regional co-financing, and the co-financing ratio vs its target."""

from __future__ import annotations

import streamlit as st

from ui import charts, common, data, filters, formats, funding_views, scorecard
from ui.i18n import enum_label, t

f = filters.current()
lang = f.lang
cluster_label = common.label_of("cluster", lang)
st.title(t("page_funding", lang))
st.caption(
    f"{t('year', lang)} {f.year} · {t('as_of', lang)} {formats.fmt_date(f.as_of, lang)}"
    + common.filter_note(f)
)

# The co-financing ratio and grant utilisation against their targets (KPI engine)
kpis = scorecard.scorecard_table(f, forecast=False)
kpis = kpis.set_index("kpi_id")
left, right = st.columns([2, 1])
ratio = kpis.loc["F.cofinancing_ratio"] if "F.cofinancing_ratio" in kpis.index else None
if ratio is not None:
    common.plot(
        lang,
        container=left,
        fig=charts.ratio_gauge(ratio["actual"], ratio["target"], t("cofinancing_ratio", lang)),
        key="funding_ratio",
    )
    left.caption(
        f"{t('target', lang)}: {formats.fmt_number(ratio['target'], lang, 2)} · "
        f"{common.status_text(ratio['status'], lang)}"
    )
if "F.grant_utilisation_pct" in kpis.index:
    util = kpis.loc["F.grant_utilisation_pct"]
    right.metric(
        t("utilisation", lang),
        formats.fmt_kpi_value(util["actual"], "%", lang),
        common.status_text(util["status"], lang),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )

# Ministry grant: allocated vs spent by cluster, quarter or category
st.header(t("grant_title", lang))
funding = data.query("funding", year=f.year, as_of=f.as_of, clusters=list(f.clusters))
ministry = funding[funding["source"] == "ministry"]
by = (
    st.segmented_control(
        t("by", lang),
        ("cluster", "quarter", "category"),
        format_func=lambda b: t(b, lang),
        default="cluster",
        key="funding_by",
    )
    or "cluster"
)
if ministry.empty:
    common.empty_state(lang)
else:
    grant = funding_views.allocated_vs_spent(ministry, by, lang)
    event = common.plot(
        lang,
        charts.grouped_amounts(
            grant,
            x="label",
            title=t("grant_title", lang),
            series=[
                ("allocated", enum_label("funding_flow", "allocated", lang)),
                ("spent", enum_label("funding_flow", "spent", lang)),
            ],
            y_title=t("amount_dkk", lang),
            codes="code",
        ),
        key="funding_grant",
        on_select="rerun",
        selection_mode="points",
    )
    picked = charts.selected_codes(event)
    detail = ministry[ministry[by].astype(str).isin(picked)] if picked else ministry
    st.caption(
        t("selected", lang, what=", ".join(grant.set_index("code").loc[picked, "label"]))
        if picked
        else t("drill_hint", lang)
    )
    st.dataframe(
        funding_views.funding_table(detail, lang),
        hide_index=True,
        width="stretch",
        key="funding_detail",
        column_config=funding_views.amount_columns(lang),
    )

# In-kind hours and value by organisation type and cluster
st.header(t("inkind_title", lang))
inkind = data.query("inkind", **f.scope())
if inkind.empty:
    common.empty_state(lang)
else:
    common.metric_row(
        [
            (t("inkind_hours", lang), formats.fmt_number(inkind["hours"].sum(), lang)),
            (t("inkind_dkk", lang), formats.fmt_compact(inkind["value_dkk"].sum(), lang)),
        ]
    )
    value = (
        st.segmented_control(
            t("measure", lang),
            ("value_dkk", "hours"),
            format_func=lambda v: t("inkind_dkk" if v == "value_dkk" else "inkind_hours", lang),
            default="value_dkk",
            key="funding_inkind_measure",
        )
        or "value_dkk"
    )
    inkind["cluster_label"] = inkind["cluster"].map(cluster_label)
    inkind["org_type_label"] = inkind["org_type"].map(common.label_of("org_type", lang))
    common.plot(
        lang,
        charts.bars(
            inkind,
            x="cluster_label",
            y=value,
            color="org_type_label",
            stacked=True,
            title=t("inkind_title", lang),
            y_title=t("inkind_dkk" if value == "value_dkk" else "inkind_hours", lang),
            codes="cluster",
        ),
        key="funding_inkind",
    )

# Regional co-financing: the regions' funding by region and cluster
st.header(t("cofinancing_title", lang))
regional = funding[funding["source"] == "region"]
if regional.empty:
    common.empty_state(lang)
else:
    regional = regional.groupby(["region", "cluster", "flow"], as_index=False)["amount_dkk"].sum()
    regional["region_label"] = regional["region"].map(common.label_of("region", lang))
    regional["series"] = [
        f"{cluster_label(c)} – {enum_label('funding_flow', fl, lang)}"
        for c, fl in zip(regional["cluster"], regional["flow"], strict=True)
    ]
    common.plot(
        lang,
        charts.bars(
            regional,
            x="region_label",
            y="amount_dkk",
            color="series",
            title=t("cofinancing_title", lang),
            y_title=t("amount_dkk", lang),
            codes="region",
        ),
        key="funding_regional",
    )
