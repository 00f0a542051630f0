"""Temaer og teknologi / Themes and technology: activities, participants and companies by
theme × technology in the year (click a cell to narrow the trend), and over time."""

from __future__ import annotations

import streamlit as st

from ui import charts, common, data, filters
from ui.i18n import enum_label, t
from warehouse.vocabulary import NO_TECHNOLOGY

MEASURES = ("activities", "participants", "companies")


def clicked_pairs(event: object) -> list[tuple[str, str]]:
    """The (theme, technology) cells selected in the matrix, each once, in the order clicked."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return []
    pairs: list[tuple[str, str]] = []
    for point in points or []:
        custom = point.get("customdata")
        if isinstance(custom, list | tuple) and len(custom) >= 2 and None not in custom[:2]:
            pair = (str(custom[0]), str(custom[1]))
            if pair not in pairs:
                pairs.append(pair)
    return pairs


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
    c
    for c in (*common.labels("technology", lang), NO_TECHNOLOGY)
    if c in set(year_data["technology"])
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
pairs = clicked_pairs(event)
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
# The warehouse counts: distinct companies of exactly the clicked cells, one row per period
# and theme (a company under two clicked technologies of a theme counts once)
if pairs:
    trend = data.query(
        "theme_pairs",
        pairs=pairs,
        as_of=f.as_of,
        clusters=list(f.clusters),
        themes=list(f.themes),
        grain=grain,
    )
    st.info(
        t(
            "selected",
            lang,
            what="; ".join(f"{theme_label(a)} × {tech_label(b)}" for a, b in pairs),
        )
    )
else:
    trend = data.query(
        "theme_technology",
        year=None,
        as_of=f.as_of,
        clusters=list(f.clusters),
        themes=list(f.themes),
        grain=grain,
        split_technology=False,
    )
series = trend[["period", "theme", measure]].copy()
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
