"""Overblik / Overview: the year's headline figures, the scorecard grouped by goal (with the
year-end forecast, last year and the latest note), and one KPI in detail: burn-up and notes."""

from __future__ import annotations

import streamlit as st

from ui import charts, common, data, filters, formats, scorecard
from ui import notes as ui_notes
from ui.i18n import enum_label, t

f = filters.current()
lang = f.lang
st.title(t("page_overview", lang))
st.caption(
    t("overview_caption", lang, year=f.year, as_of=formats.fmt_date(f.as_of, lang))
    + common.filter_note(f)
)

# Headline figures of the year
head = data.query("headline", **f.scope())
st.subheader(t("headline", lang))
common.metric_row(
    [
        (t("activities", lang), formats.fmt_number(head["activities"], lang)),
        (t("participants", lang), formats.fmt_number(head["participants"], lang)),
        (t("organisations", lang), formats.fmt_number(head["organisations"], lang)),
        (t("companies", lang), formats.fmt_number(head["companies"], lang)),
        (t("smes", lang), formats.fmt_number(head["smes"], lang)),
        (t("inkind_mdkk", lang), formats.fmt_number((head["inkind_dkk"] or 0) / 1e6, lang, 1)),
    ]
)

# Scorecard: each goal's KPIs with actual, target, status, year-end forecast and latest note
st.subheader(t("scorecard", lang))
catalogue = common.kpi_catalogue(lang)
names = dict(zip(catalogue["kpi_id"], catalogue["name"], strict=True))
scope = scorecard.scorecard_scope(f) or "ALL"
show_previous = st.toggle(t("show_previous_year", lang), key="overview_previous_year")
table = scorecard.scorecard_table(f, previous=show_previous)
year_notes = ui_notes.read(lang, f.year, scope=scope)
card = scorecard.scorecard(table, catalogue, lang, notes=year_notes, previous_year=show_previous)
for i, (goal_label, part) in enumerate(card.groupby("goal_label", sort=False)):
    st.markdown(f"**{goal_label}**")
    st.dataframe(
        scorecard.style_scorecard(part, lang),
        hide_index=True,
        width="stretch",
        key=f"overview_card_{i}",
    )
st.caption(t("forecast_caption", lang))
warned = [
    names[k]
    for k, s, fs in zip(table["kpi_id"], table["status"], table["forecast_status"], strict=True)
    if scorecard.forecast_warning(s, fs)
]
if warned:
    st.warning(t("forecast_warnings", lang, kpis="; ".join(warned)), icon="⚠️")

# One KPI in detail: its burn-up (cumulative actual by month against the pro-rata target line)
# and the whole thread of notes, with the forms to write one
st.subheader(t("kpi_detail", lang))
kpi_id = st.selectbox(
    t("kpi_detail_pick", lang),
    list(names),
    index=None,
    format_func=names.get,
    placeholder=t("burnup_none", lang),
    key="overview_burnup_kpi",
)
if kpi_id:
    monthly = scorecard.scorecard_monthly(f, kpi_id)
    unit = catalogue.set_index("kpi_id").at[kpi_id, "unit"]
    fig = charts.burnup(
        monthly.rename(columns={"actual": "cumulative"}),
        title=f"{names[kpi_id]} – {f.year}",
        actual_name=t("cumulative_actual", lang),
        target_name=t("target_line", lang),
        y_title=enum_label("unit", unit, lang),
    )
    common.plot(lang, fig, key="overview_burnup_chart")
    st.markdown(f"**{t('notes_for_kpi', lang)}**")
    kpi_notes = ui_notes.read(lang, f.year, kpi_id)
    ui_notes.thread(kpi_notes, lang, key="overview_thread")
    ui_notes.forms(f.year, kpi_id, scope, kpi_notes, lang, key="overview_note")
