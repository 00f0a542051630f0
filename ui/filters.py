"""The sidebar filters shared by every page (language, year, as-of date, clusters, themes),
kept in the URL's query parameters so that a copied link opens the same view.

URL parameters: `lang` (da|en), `year`, `asof` (YYYY-MM-DD, only when not today), `clusters` and
`themes` (comma-separated codes, only when some are chosen). `dashboard.py` draws the widgets with
`sidebar()` before running the page; a page reads the same values with `current()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

import streamlit as st

from ui import common
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

KEY_LANG = "f_lang"
KEY_YEAR = "f_year"
KEY_AS_OF = "f_as_of"
KEY_CLUSTERS = "f_clusters"
KEY_THEMES = "f_themes"
_INITIALISED = "f_initialised"
#: True while dashboard.py runs a page (see `running_page` and `current`).
_IN_DASHBOARD: ContextVar[bool] = ContextVar("in_dashboard", default=False)
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


@dataclass(frozen=True)
class Filters:
    """The shared filters of one script run."""

    lang: str
    year: int
    as_of: date
    clusters: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    def kpi_filters(self) -> dict | None:
        """The KPI engine's filters dict (None when no cluster or theme is chosen)."""
        from ui.data import kpi_filters

        return kpi_filters(self.clusters, self.themes)

    def scope(self) -> dict:
        """Keyword arguments for the year-based query functions."""
        return {
            "year": self.year,
            "as_of": self.as_of,
            "clusters": list(self.clusters),
            "themes": list(self.themes),
        }


def _split(text: str | None, allowed: list[str]) -> list[str]:
    if not text:
        return []
    return [code for code in text.split(",") if code in allowed]


def default_year(years: list[int], today: date | None = None) -> int:
    """The latest of `years` (the years with activities) that is not in the future, else the
    latest, else this year."""
    today = today or date.today()
    past = [y for y in years if y <= today.year]
    if past:
        return max(past)
    return max(years) if years else today.year


def language() -> str:
    """The language of this run: the widget's value, else the URL's, else Danish."""
    lang = st.session_state.get(KEY_LANG) or st.query_params.get("lang") or DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _init_from_url(
    years: list[int], clusters: list[str], themes: list[str], preferred: list[int]
) -> None:
    """On a session's first run, take the filters from the URL."""
    params = st.query_params
    state = st.session_state
    lang = params.get("lang", DEFAULT_LANGUAGE)
    state[KEY_LANG] = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    try:
        year = int(params.get("year", ""))
    except ValueError:
        year = default_year(preferred)
    state[KEY_YEAR] = year if year in years else default_year(preferred)
    try:
        state[KEY_AS_OF] = date.fromisoformat(params.get("asof", ""))
    except ValueError:
        state[KEY_AS_OF] = date.today()
    state[KEY_CLUSTERS] = _split(params.get("clusters"), clusters)
    state[KEY_THEMES] = _split(params.get("themes"), themes)
    state[_INITIALISED] = True


def _write_url(f: Filters) -> None:
    """Keep the URL's query parameters in step with the filters (only ours, only if changed)."""
    wanted = {
        "lang": f.lang,
        "year": str(f.year),
        "asof": f.as_of.isoformat() if f.as_of != date.today() else None,
        "clusters": ",".join(f.clusters) or None,
        "themes": ",".join(f.themes) or None,
    }
    for key, value in wanted.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def sidebar(years: list[int], activity_years: list[int] | None = None) -> Filters:
    """Draw the language switch and the shared filters in the sidebar; return the filters.

    years: the choices; activity_years: the years with activities, whose latest is the default.
    """
    lang_now = language()
    clusters = list(common.labels("cluster", lang_now))
    themes = list(common.labels("theme", lang_now))
    years = sorted(set(years)) or [date.today().year]
    preferred = [y for y in (activity_years or []) if y in years] or years
    if not st.session_state.get(_INITIALISED):
        _init_from_url(years, clusters, themes, preferred)
    if st.session_state.get(KEY_YEAR) not in years:
        st.session_state[KEY_YEAR] = default_year(preferred)

    with st.sidebar:
        lang = st.radio(
            t("language", lang_now),
            LANGUAGES,
            format_func=LANGUAGE_NAMES.get,
            horizontal=True,
            key=KEY_LANG,
        )
        st.header(t("filters", lang))
        year = st.selectbox(t("year", lang), years, key=KEY_YEAR)
        as_of = st.date_input(
            t("as_of", lang), key=KEY_AS_OF, help=t("as_of_help", lang), format="DD-MM-YYYY"
        )
        cluster_label = common.label_of("cluster", lang)
        chosen_clusters = st.multiselect(
            t("clusters", lang),
            clusters,
            format_func=cluster_label,
            placeholder=t("all", lang),
            key=KEY_CLUSTERS,
        )
        chosen_themes = st.multiselect(
            t("themes", lang),
            themes,
            format_func=common.label_of("theme", lang),
            placeholder=t("all", lang),
            key=KEY_THEMES,
        )
        st.button(t("reset_filters", lang), key="f_reset", on_click=_reset, args=(preferred,))
        st.caption(t("link_hint", lang))

    filters = Filters(
        lang=lang,
        year=int(year),
        as_of=as_of if isinstance(as_of, date) else date.today(),
        clusters=tuple(c for c in clusters if c in chosen_clusters),
        themes=tuple(c for c in themes if c in chosen_themes),
    )
    _write_url(filters)
    return filters


def _reset(years: list[int]) -> None:
    st.session_state[KEY_YEAR] = default_year(years)
    st.session_state[KEY_AS_OF] = date.today()
    st.session_state[KEY_CLUSTERS] = []
    st.session_state[KEY_THEMES] = []


@contextmanager
def running_page() -> Iterator[None]:
    """Mark the page that dashboard.py runs, so that `current()` can tell it was."""
    token = _IN_DASHBOARD.set(True)
    try:
        yield
    finally:
        _IN_DASHBOARD.reset(token)


def _rerun_through_dashboard() -> None:
    """Streamlit treats an app with a `pages/` folder as an old-style multipage app until
    st.navigation has run once in the process (and AppTest resets that before every run), so a
    page file can be run on its own, without dashboard.py's sidebar. Switch that off and run
    again, through dashboard.py."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


def current() -> Filters:
    """The shared filters of this run, as drawn by `sidebar()` in dashboard.py."""
    if not _IN_DASHBOARD.get():
        _rerun_through_dashboard()
    state = st.session_state
    as_of = state.get(KEY_AS_OF)
    return Filters(
        lang=language(),
        year=int(state.get(KEY_YEAR) or date.today().year),
        as_of=as_of if isinstance(as_of, date) else date.today(),
        clusters=tuple(state.get(KEY_CLUSTERS) or ()),
        themes=tuple(state.get(KEY_THEMES) or ()),
    )
