"""Temaer og teknologi / Themes and technology: activities, participants and companies by
theme × technology in the year (click a cell to narrow the trend), and over time."""

from __future__ import annotations

import streamlit as st

from ui import charts, common, data, filters
from ui.i18n import enum_label, t

MEASURES = ("activities", "participants", "companies")

f = filters.current()
lang = f.lang
theme_label = common.label_of("theme", lang)
tech_label = common.label_of("technology", lang)
st.title(t("page_themes", lang))
st.caption(f"{t('year', lang)} {f.year}" + common.filter_note(f))

measure = st.radio(
    t("measure", lang),
    MEASURES,
    format_func=lambda m: enum_label("measure", m, lang),
    horizontal=True,
    key="themes_measure",
)
measure_name = enum_label("measure", measure, lang)

# Theme × technology in the year; a click on a cell narrows the trend below to that cell
year_data = data.query("theme_technology", grain="year", **f.scope())
if year_data.empty:
    common.empty_state(lang)
    st.stop()
themes = [c for c in common.labels("theme", lang) if c in set(year_data["theme"])]
techs = [
    c for c in (*common.labels("technology", lang), "NONE") if c in set(year_data["technology"])
]
matrix = (
    year_data.pivot_table(index="theme", columns="technology", values=measure, aggfunc="sum")
    .reindex(index=themes, columns=techs)
    .fillna(0)
)
matrix.index = [theme_label(c) for c in themes]
matrix.columns = [tech_label(c) for c in techs]
fig = charts.heatmap(
    matrix,
    t("matrix_title", lang, measure=measure_name, year=f.year),
    measure_name,
    row_codes=themes,
    col_codes=techs,
)
event = common.plot(
    lang, fig, key="themes_matrix", on_select="rerun", selection_mode=("points", "box")
)
cells = charts.selected_codes(event, 0), charts.selected_codes(event, 1)
st.caption(t("drill_hint", lang))

# Over time: one line per theme (narrowed to the clicked theme × technology cells)
grain = (
    st.segmented_control(
        t("grain", lang),
        ("year", "quarter", "month"),
        format_func=lambda g: t(f"grain_{g}", lang),
        default="quarter",
        key="themes_grain",
    )
    or "quarter"
)
trend = data.query(
    "theme_technology",
    year=None,
    as_of=f.as_of,
    clusters=list(f.clusters),
    themes=list(f.themes),
    grain=grain,
    split_technology=bool(cells[0]),
)
if cells[0]:
    trend = trend[trend["theme"].isin(cells[0]) & trend["technology"].isin(cells[1])]
    st.info(
        t(
            "selected",
            lang,
            what="; ".join(
                f"{theme_label(a)} × {tech_label(b)}" for a, b in zip(*cells, strict=False)
            ),
        )
    )
series = trend.groupby(["period", "theme"], as_index=False)[measure].sum()
series["theme_label"] = series["theme"].map(theme_label)
series["period"] = common.period_labels(series["period"], grain)
common.plot(
    lang,
    charts.lines(
        series,
        x="period",
        y=measure,
        color="theme_label",
        title=t("over_time_title", lang, measure=measure_name),
        y_title=measure_name,
    ),
    key="themes_trend",
)
