"""The Data quality page lists the entries of the input folder a load did not read, with the
reason in words, and a cluster lead sees only the entries whose name carries their cluster."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_access import make_app
from warehouse import queries

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def skipping_warehouse(tmp_path_factory) -> Path:
    """The KPI fixture plus three entries the load does not read: a subfolder, a README and a
    file whose kind is written in Danish."""
    from etl.load import load_warehouse

    src = tmp_path_factory.mktemp("skipping_input")
    for path in (ROOT / "tests" / "data" / "kpi_fixture").iterdir():
        shutil.copy(path, src / path.name)
    (src / "2021Q1").mkdir()
    (src / "README.txt").write_text("hello\n", encoding="utf-8")
    (src / "organisationer_LSI.csv").write_text("org_id,name\n", encoding="utf-8")
    target = tmp_path_factory.mktemp("skipping_wh") / "healthtech.duckdb"
    assert load_warehouse(src, target).status == "loaded"
    return target


def skipped_table(at):
    return next(d.value for d in at.dataframe if "Reason" in d.value.columns)


def test_the_query_keeps_the_account_and_the_access(skipping_warehouse):
    every = queries.load_skipped(warehouse=skipping_warehouse)
    assert sorted(zip(every["entry_name"], every["reason"], strict=True)) == [
        ("2021Q1/", "folder"),
        ("README.txt", "unknown_kind"),
        ("organisationer_LSI.csv", "unknown_kind"),
    ]
    lsi = queries.load_skipped(warehouse=skipping_warehouse, file_clusters=["LSI"])
    assert lsi["entry_name"].tolist() == ["organisationer_LSI.csv"]
    assert queries.load_skipped(warehouse=skipping_warehouse, file_clusters=[]).empty
    assert queries.load_skipped(load_ids=[99], warehouse=skipping_warehouse).empty


def test_steering_sees_every_skipped_entry_in_words(monkeypatch, tmp_path, skipping_warehouse):
    user = {"is_logged_in": True, "email": "formand@region.dk", "name": "Test"}
    at = make_app(monkeypatch, tmp_path, skipping_warehouse, user)
    at.run()
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception and not at.error
    table = skipped_table(at)
    assert sorted(table["Name"]) == ["2021Q1/", "README.txt", "organisationer_LSI.csv"]
    reasons = dict(zip(table["Name"], table["Reason"], strict=True))
    assert reasons["2021Q1/"] == "Folder (subfolders are not read)"
    assert reasons["organisationer_LSI.csv"] == "Unknown kind in the name"
    assert "rename it 'organisations_LSI.csv'" in " ".join(table["Message"])


def test_a_cluster_lead_sees_only_their_entries(monkeypatch, tmp_path, skipping_warehouse):
    user = {"is_logged_in": True, "email": "projektleder@lsi.dk", "name": "Test"}
    at = make_app(monkeypatch, tmp_path, skipping_warehouse, user)
    at.run()
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception and not at.error
    assert skipped_table(at)["Name"].tolist() == ["organisationer_LSI.csv"]
