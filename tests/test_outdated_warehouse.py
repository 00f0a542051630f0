"""A warehouse built by another version of the code (other tables or semantic models) is not
read: the dashboard, `healthtech kpis` and the report ask for the data to be loaded again,
instead of failing on a view or column the file does not have (docs/operations.md, "After
upgrading the code"). The old builds are made for real: a loaded warehouse whose recorded build
is changed, and one from before builds were recorded (no `warehouse_build` table), with the
view it would have had then.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from etl.cli import main
from report.data import ReportError, load_report_data
from warehouse.db import build_fingerprint, outdated_build, sql_files

APP = Path(__file__).resolve().parents[1] / "dashboard.py"


@pytest.fixture
def older_warehouses(sample_warehouse, tmp_path) -> dict[str, Path]:
    """Copies of the sample warehouse as an older version of the code would have left them."""
    other_build = tmp_path / "other_build.duckdb"
    shutil.copyfile(sample_warehouse, other_build)
    con = duckdb.connect(str(other_build))
    con.execute("UPDATE warehouse_build SET fingerprint = 'an-older-build'")
    con.close()
    unrecorded = tmp_path / "unrecorded.duckdb"
    shutil.copyfile(sample_warehouse, unrecorded)
    con = duckdb.connect(str(unrecorded))
    con.execute("DROP TABLE warehouse_build")
    # activity_facts as it was before it had `international`: the KPI sets would fail on it
    model = (sql_files("models")[0]).read_text(encoding="utf-8")
    rule = ",\n        country <> 'DK' OR activity_type = 'deep_dive' AS international"
    assert rule in model
    con.execute(model.replace(rule, ""))
    con.close()
    return {"other build": other_build, "unrecorded": unrecorded}


def test_a_load_records_its_build(sample_warehouse):
    assert not outdated_build(sample_warehouse)
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        assert con.execute("SELECT fingerprint FROM warehouse_build").fetchall() == [
            (build_fingerprint(),)
        ]
    finally:
        con.close()


def test_the_fingerprint_covers_the_schema_and_the_models():
    names = {p.parent.name + "/" + p.name for p in sql_files("schema") + sql_files("models")}
    assert "models/10_activity_facts.sql" in names and "schema/13_participations.sql" in names
    assert len(build_fingerprint()) == 16 and build_fingerprint() == build_fingerprint()


@pytest.mark.parametrize("kind", ["other build", "unrecorded"])
def test_older_build_is_outdated(older_warehouses, kind):
    assert outdated_build(older_warehouses[kind])


@pytest.mark.parametrize("kind", ["other build", "unrecorded"])
def test_kpis_command_asks_for_a_new_load(capsys, older_warehouses, kind):
    code = main(["kpis", "--year", "2020", "--warehouse", str(older_warehouses[kind])])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert "built by another version of this program" in captured.err
    assert "healthtech load" in captured.err and "Traceback" not in captured.err


def test_report_asks_for_a_new_load(older_warehouses):
    with pytest.raises(ReportError) as caught:
        load_report_data(2020, warehouse=older_warehouses["unrecorded"])
    assert "another version of the program" in caught.value.text("en")
    assert "healthtech load" in caught.value.text("da")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_dashboard_asks_for_a_new_load(monkeypatch, older_warehouses, lang):
    st.cache_data.clear()
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(older_warehouses["unrecorded"]))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"lang": lang})
    at.run()
    assert not at.exception and not at.error
    title = {"da": "Data skal indlæses igen", "en": "The data must be loaded again"}[lang]
    assert at.title[0].value == title
    assert "healthtech load" in " ".join(c.value for c in at.code)
    assert not at.get("plotly_chart") and not at.metric  # no page ran on the old file
    at.switch_page("pages/explorer.py").run()
    assert not at.exception and not at.error
    assert at.title[0].value == title
