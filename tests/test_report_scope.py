"""The ministry report restricted to a cluster lead's data scope (issue 15).

`load_report_data(..., clusters=["LSI"])` on the warehouse of tests/scopekit.py, year 2020 as of
2021-03-31. Expected values worked by hand from tests/data/kpi_fixture (see the comments).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from report.build import build_report
from report.data import ReportError, load_report_data, run_report_query
from report.sheets import build_sheets
from tests import scopekit
from warehouse.db import connect_read_only
from warehouse.scope import REPORT_QUERY_SCOPE

YEAR = 2020
AS_OF = date(2021, 3, 31)
GENERATED = datetime(2021, 4, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return scopekit.build_warehouse(tmp_path_factory.mktemp("report_scope"))


@pytest.fixture(scope="module")
def lsi(warehouse):
    return load_report_data(YEAR, AS_OF, warehouse, GENERATED, clusters=["LSI"])


@pytest.fixture(scope="module")
def network(warehouse):
    return load_report_data(YEAR, AS_OF, warehouse, GENERATED)


def test_activities_are_the_clusters_own(lsi, network):
    # counted in 2020: A01 A02 A03 A04 A07 A08 A10; LSI leads only A01 (A05 is planned)
    assert list(network.activities["activity_id"]) == [
        "A01",
        "A02",
        "A03",
        "A04",
        "A10",
        "A08",
        "A07",
    ]
    assert list(lsi.activities["activity_id"]) == ["A01"]
    a01 = lsi.activities.iloc[0]
    # A01: O01 (2), O02 (1), O06 (1, university), O05 (1) -> 4 organisations, 3 companies, 5
    assert (a01["organisations"], a01["companies"], a01["participants"]) == (4, 3, 5)


def test_companies_only_seen_in_the_clusters_activities(lsi):
    # the companies of A01: Nordsensor (O01), Jysk Medico (O02), Berlin Health (O05, no CVR);
    # each in one LSI activity, and only LSI met (O02 also took part in MTIC's A02 and A09)
    rows = lsi.companies.set_index("org_id")
    assert sorted(rows.index) == ["O01", "O02", "O05"]
    assert rows.loc["O02", "activities"] == 1
    assert set(rows["clusters"]) == {"LSI"}
    assert set(rows["cvr"]) == {"12345674", "23456788", ""}


def test_inkind_and_cofinancing_of_the_cluster(lsi, network):
    # in-kind on LSI-led activities in 2020: K01 O01 A01 10 h x 500 = 5,000
    assert lsi.inkind[["org_id", "entries", "hours", "value_dkk"]].values.tolist() == [
        ["O01", 1, 10.0, 5000.0]
    ]
    # LSI's regional funding: F10 Nordjylland spent 20,000; ministry spent F02 80,000 + F04
    # 40,000 = 120,000 -> ratio (5,000 + 20,000) / 120,000 = 0.21 (the KPI's LSI value)
    regions = lsi.regions.set_index("region")
    assert regions.loc["Nordjylland", "spent_dkk"] == 20000
    assert regions["spent_dkk"].sum() == 20000 and regions["allocated_dkk"].sum() == 0
    c = lsi.cofinancing
    assert (c["inkind_dkk"], c["region_spent_dkk"], c["ministry_spent_dkk"]) == (
        5000,
        20000,
        120000,
    )
    assert c["ratio"] == 0.21
    lsi_kpi = lsi.kpis[(lsi.kpis["kpi_id"] == "F.cofinancing_ratio") & (lsi.kpis["scope"] == "LSI")]
    assert lsi_kpi["actual"].iloc[0] == 0.21
    # the network's ratio is unchanged: national (23,200 + 5,000 ... ) as the KPI engine says
    national = network.kpis[
        (network.kpis["kpi_id"] == "F.cofinancing_ratio") & (network.kpis["scope"] == "ALL")
    ]
    assert network.cofinancing["ratio"] == national["actual"].iloc[0]


def test_grant_of_the_cluster_only(lsi):
    # F01 Q1 allocated 100,000 / F02 spent 80,000 salary; F03 Q4 allocated 100,000 salary;
    # F04 Q4 spent 40,000 operations
    rows = lsi.grant[["cluster", "category", "quarter", "allocated_dkk", "spent_dkk"]]
    assert sorted(map(tuple, rows.values.tolist())) == [
        ("LSI", "operations", 4, 0, 40000),
        ("LSI", "salary", 1, 100000, 80000),
        ("LSI", "salary", 4, 100000, 0),
    ]


def test_files_and_quarantine_of_the_clusters_files(lsi, network):
    assert list(lsi.load_files["file_name"]) == [scopekit.LSI_FILE]
    assert set(lsi.quarantine["source_file"]) == {scopekit.LSI_FILE}
    assert lsi.quarantine["rows"].sum() == 1
    assert set(network.quarantine["source_file"]) == {
        "participations.csv",
        scopekit.LSI_FILE,
        scopekit.WT_FILE,
    }
    assert len(network.load_files) == 10


def test_kpis_stay_the_networks_figures(lsi, network):
    assert lsi.kpis.equals(network.kpis)


def test_the_cover_says_whose_rows(lsi, network):
    assert network.notes == [] and network.clusters is None
    assert lsi.clusters == ("LSI",)
    assert any("begrænset til klynge LSI (LifeScience Innovation)" in n for n in lsi.notes)
    forside = build_sheets(lsi)[0].tables[0].rows
    assert {"field": "Rapportens rækker", "value": "klynge LSI (LifeScience Innovation)"} in forside
    assert "Rapportens rækker" not in {r["field"] for r in build_sheets(network)[0].tables[0].rows}


def test_an_empty_scope_holds_no_rows(warehouse):
    nothing = load_report_data(YEAR, AS_OF, warehouse, GENERATED, clusters=[])
    for frame in (nothing.activities, nothing.companies, nothing.inkind, nothing.grant):
        assert frame.empty
    assert nothing.load_files.empty and nothing.quarantine.empty


def test_every_report_query_has_a_scope_rule(warehouse):
    sql_files = {p.stem for p in (scopekit.ROOT / "warehouse" / "sql" / "report").glob("*.sql")}
    assert sql_files == set(REPORT_QUERY_SCOPE)
    with connect_read_only(warehouse) as con, pytest.raises(ValueError, match="no scope rule"):
        run_report_query(con, "no_such_query")


def test_report_error_in_both_languages(tmp_path):
    with pytest.raises(ReportError) as caught:
        load_report_data(YEAR, AS_OF, tmp_path / "missing.duckdb")
    error = caught.value
    assert "findes ikke" in str(error) and error.text("da") == str(error)
    assert "does not exist" in error.text("en")
    assert ReportError("kun dansk").text("en").endswith("kun dansk")


def test_built_files_hold_no_other_clusters_rows(warehouse, tmp_path):
    restricted = build_report(
        YEAR, AS_OF, tmp_path / "lsi", warehouse, generated_at=GENERATED, clusters=["LSI"]
    )
    whole = build_report(YEAR, AS_OF, tmp_path / "all", warehouse, generated_at=GENERATED)
    for kind, path in restricted.items():
        text = scopekit.text_of(path.name, path.read_bytes())
        assert scopekit.other_cluster_markers(text) == [], kind
        assert "A01" in text or kind == "pdf", kind
    # the same check finds the other clusters' rows in the network's report
    xlsx = scopekit.text_of("r.xlsx", whole["xlsx"].read_bytes())
    assert {"Fyn Data ApS", "A03", scopekit.WT_FILE} <= set(scopekit.other_cluster_markers(xlsx))


def test_every_dashboard_query_has_a_scope_rule():
    import inspect

    from warehouse import queries
    from warehouse.scope import NETWORK, QUERY_SCOPE, DataScope, scope_for, scoped_kwargs

    functions = {
        name
        for name, f in inspect.getmembers(queries, inspect.isfunction)
        if f.__module__ == queries.__name__ and not name.startswith("_")
    } - {"run", "window"}
    assert functions == set(QUERY_SCOPE)
    with pytest.raises(KeyError, match="no scope rule"):
        scoped_kwargs("a_new_query", {}, NETWORK)
    lsi = scope_for("cluster_lead", "LSI")
    assert lsi == DataScope(("LSI",))
    assert scoped_kwargs("explorer_rows", {"lead_clusters": None}, lsi) == {
        "lead_clusters": ["LSI"]
    }
    assert scoped_kwargs("headline", {"year": 2020}, lsi) == {"year": 2020}
    for role in ("steering", "ministry", "open"):
        assert scope_for(role) == NETWORK
    assert scope_for("cluster_lead", None).clusters == ()
    assert scope_for("nonsense").clusters == ()
