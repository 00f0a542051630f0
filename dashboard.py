"""Danish Healthtech KPI dashboard: the entry point (`streamlit run dashboard.py`).

Decides the user's access first (`ui.login`: with a complete `[auth]` secrets section a login
and an entry in access.toml, `ui.access_list`; with no secrets at all, on a local address, open
local mode with a banner; anything broken closes the dashboard for everybody): a user without
access gets only a login prompt, a refusal, or the "closed" page that names the broken file.
Registers the pages the user's role may see with `st.navigation` (any other URL is "page not
found"), draws the shared sidebar filters (kept in the URL's query parameters), explains how to
load data when there is no warehouse, and runs the chosen page inside a guard that turns any
unexpected exception into a friendly message (logged in full).
"""

from __future__ import annotations

import streamlit as st

from ui import access, access_list, common, data, filters, formats, login
from ui.i18n import t

# (file, url path, title key, icon)
PAGES = (
    ("pages/overview.py", "overview", "page_overview", ":material/dashboard:"),
    ("pages/regions.py", "regions", "page_regions", ":material/map:"),
    ("pages/themes.py", "themes", "page_themes", ":material/category:"),
    ("pages/collaboration.py", "collaboration", "page_collaboration", ":material/hub:"),
    ("pages/funding.py", "funding", "page_funding", ":material/payments:"),
    ("pages/explorer.py", "explorer", "page_explorer", ":material/table_view:"),
    ("pages/data_quality.py", "data-quality", "page_quality", ":material/fact_check:"),
    ("pages/ministry_report.py", "report", "page_report", ":material/description:"),
)

st.set_page_config(page_title="Danish Healthtech KPI", page_icon="📊", layout="wide")

lang = filters.language()
role, state = login.resolve()
if role is None:  # not logged in, or not allowed: nothing but the login prompt / the refusal

    def gate() -> None:
        login.gate(state, lang)

    st.navigation([st.Page(gate, title="Danish Healthtech KPI")], position="hidden").run()
    st.stop()

allowed = access_list.allowed_pages(role)
shown = [p for p in PAGES if p[1] in allowed]
page = st.navigation(
    [
        st.Page(path, title=t(title, lang), icon=icon, url_path=url, default=(i == 0))
        for i, (path, url, title, icon) in enumerate(shown)
    ]
)
login.banner(role, state, lang)

state = "unreadable"  # until warehouse_state() has answered (the guard shows why it did not)
with common.guard(lang):
    state = data.warehouse_state()
    info = data.query("warehouse_info") if state == "ready" else None
    chosen = filters.sidebar(info["years"] if info else [], info["activity_years"] if info else [])
    lang = chosen.lang
    if info and info.get("loaded_at") is not None:
        st.sidebar.caption(t("loaded_at", lang, when=formats.fmt_date(info["loaded_at"], lang)))

if state == "missing":
    common.missing_warehouse(lang)
elif state == "outdated":
    common.outdated_warehouse(lang)
elif state == "ready":
    with common.guard(lang), filters.running_page(), access.granted(role):
        page.run()
