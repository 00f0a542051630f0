"""Overblik / Overview: the year's headline figures, the scorecard grouped by goal, burn-up."""

from __future__ import annotations

import streamlit as st

from ui import charts, common, data, filters
from ui.i18n import enum_label, t

f = filters.current()
lang = f.lang
st.title(t("page_overview", lang))
st.caption(
    t("overview_caption", lang, year=f.year, as_of=common.fmt_date(f.as_of, lang))
    + common.filter_note(f)
)

# Headline figures of the year
head = data.query("headline", **f.scope())
st.subheader(t("headline", lang))
common.metric_row(
    [
        (t("activities", lang), common.fmt_number(head["activities"], lang)),
        (t("participants", lang), common.fmt_number(head["participants"], lang)),
        (t("organisations", lang), common.fmt_number(head["organisations"], lang)),
        (t("companies", lang), common.fmt_number(head["companies"], lang)),
        (t("smes", lang), common.fmt_number(head["smes"], lang)),
        (t("inkind_mdkk", lang), common.fmt_number((head["inkind_dkk"] or 0) / 1e6, lang, 1)),
    ]
)

# Scorecard: each goal's KPIs with actual, target, achievement and status
st.subheader(t("scorecard", lang))
if not data.kpi_available():
    st.info(t("kpi_missing", lang))
    st.stop()
catalogue = common.kpi_catalogue(lang)
table = common.scorecard_table(f)
card = common.scorecard(table, catalogue, lang)
for i, (goal_label, part) in enumerate(card.groupby("goal_label", sort=False)):
    st.markdown(f"**{goal_label}**")
    st.dataframe(
        common.style_scorecard(part, lang),
        hide_index=True,
        width="stretch",
        key=f"overview_card_{i}",
    )

# Burn-up of one KPI on demand: cumulative actual by month against the pro-rata target line
st.subheader(t("burnup", lang))
names = dict(zip(catalogue["kpi_id"], catalogue["name"], strict=True))
kpi_id = st.selectbox(
    t("burnup_pick", lang),
    list(names),
    index=None,
    format_func=names.get,
    placeholder=t("burnup_none", lang),
    key="overview_burnup_kpi",
)
if kpi_id:
    monthly = common.scorecard_monthly(f, kpi_id)
    unit = catalogue.set_index("kpi_id").at[kpi_id, "unit"]
    fig = charts.burnup(
        monthly.rename(columns={"actual": "cumulative"}),
        title=f"{names[kpi_id]} – {f.year}",
        actual_name=t("cumulative_actual", lang),
        target_name=t("target_line", lang),
        y_title=enum_label("unit", unit, lang),
    )
    common.plot(lang, fig, key="overview_burnup_chart")
