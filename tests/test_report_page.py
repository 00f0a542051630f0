"""The Report page (pages/ministry_report.py) with Streamlit's AppTest, through dashboard.py's
st.navigation as a user reaches it: preview, build, downloads."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
PAGE = "pages/ministry_report.py"


@pytest.fixture
def app(kpi_fixture_warehouse, monkeypatch) -> AppTest:
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(kpi_fixture_warehouse))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page(PAGE).run()
    at.selectbox(key="report_year").set_value(2020).run()
    return at


def test_page_shows_the_scorecard(app):
    assert not app.exception
    assert not app.error
    assert app.title[0].value == "Rapport"
    assert app.selectbox(key="report_year").options == ["2021", "2020", "2019"]
    assert len(app.dataframe) == 5  # one scorecard table per goal
    shown = "\n".join(str(df.value) for df in app.dataframe)
    assert "Videnbro-aktiviteter" in shown
    assert not app.get("download_button")


def test_build_offers_three_downloads(app):
    app.date_input(key="report_as_of").set_value(date(2021, 3, 31)).run()
    app.button(key="report_build").click().run()
    assert not app.exception
    assert not app.error
    assert app.success
    buttons = app.get("download_button")
    assert [b.key for b in buttons] == [
        "report_download_xlsx",
        "report_download_pdf",
        "report_download_csv",
    ]
    # another as-of date: the built files no longer match and are not offered
    app.date_input(key="report_as_of").set_value(date(2021, 2, 28)).run()
    assert not app.get("download_button")


def test_build_failure_is_a_friendly_message(kpi_fixture_warehouse, tmp_path, monkeypatch):
    """A real fault, no mock: after the page was drawn, the warehouse file is swapped for one whose
    load log is gone, so the build cannot say which load it reports on and refuses."""
    live = tmp_path / "healthtech.duckdb"
    shutil.copy(kpi_fixture_warehouse, live)
    broken = tmp_path / "broken.duckdb"
    shutil.copy(kpi_fixture_warehouse, broken)
    con = duckdb.connect(str(broken))
    con.execute("DELETE FROM load_runs")
    con.close()
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(live))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page(PAGE).run()
    at.selectbox(key="report_year").set_value(2020).run()
    assert not at.error
    os.replace(broken, live)
    at.button(key="report_build").click().run()
    assert not at.exception
    assert at.error
    assert "aldrig blevet indlæst" in at.error[0].value
    assert not at.get("download_button")


def test_missing_warehouse_explains(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "healthtech load" in "\n".join(c.value for c in at.code)
