"""How the KPI engine runs its SQL: shared sets built once as TEMP tables, parameters bound.

The values themselves are tested in test_kpi.py (by hand) and test_kpi_pandas.py (against an
independent pandas implementation); here the plan of statements, and that the two ways of
computing a set (TEMP table for kpi_table, CTE for one KPI in kpi_monthly) agree.
"""

from __future__ import annotations

import math
from datetime import date

import duckdb
import pytest

from warehouse.kpi import kpi_monthly, kpi_table
from warehouse.kpi_catalogue import KPI_IDS
from warehouse.kpi_sql import KPI_SETS, RECOMPUTED_SETS, bind_params, kpi_statements


def test_every_shared_set_is_built_once_for_the_table():
    *sets, (last, final) = kpi_statements(KPI_IDS)
    assert last is None
    names = [name for name, _ in sets]
    assert names == [s for s in KPI_SETS if s not in RECOMPUTED_SETS]
    for name, statement in sets:
        assert statement.startswith(f"CREATE OR REPLACE TEMP TABLE {name} AS")
    # the final statement reads the tables; only the recomputed sets are CTEs in it
    for name in names:
        assert f"{name} AS (" not in final
    assert [k for k in KPI_IDS if f"SELECT '{k}' AS kpi_id" in final] == list(KPI_IDS)


def test_one_kpi_reads_its_sets_as_ctes():
    # G2.activities alone: counted_activities is read by one query, so no table is written
    ((name, statement),) = kpi_statements(("G2.activities",))
    assert name is None
    assert "counted_activities AS (" in statement and "scoped_activities AS (" in statement
    assert "participations" not in statement
    # a set that another set reads stays a table (DuckDB plans the joins from its size)
    names = [n for n, _ in kpi_statements(("G1.companies",))]
    assert names == ["counted_activities", None]


def test_bind_gives_a_statement_only_the_parameters_it_names():
    params = {"year": 2020, "years": [2019], "as_of": date(2020, 1, 1), "by": "national"}
    statement = "-- $by is not used here\nSELECT $year AS y, $as_of AS d"
    assert bind_params(statement, params) == {"year": 2020, "as_of": date(2020, 1, 1)}
    con = duckdb.connect()
    row = con.execute(statement, bind_params(statement, params)).fetchone()
    assert row == (2020, date(2020, 1, 1))


@pytest.mark.parametrize("by", ["national", "cluster", "theme"])
def test_monthly_december_equals_the_table(kpi_fixture_warehouse, by):
    """kpi_monthly (sets as CTEs) and kpi_table (sets as TEMP tables) give the same values."""
    as_of = date(2020, 12, 31)
    table = kpi_table(2020, by, as_of, warehouse=kpi_fixture_warehouse)
    for kpi_id in KPI_IDS:
        monthly = kpi_monthly(kpi_id, 2020, by, as_of, warehouse=kpi_fixture_warehouse)
        december = monthly[monthly["month"] == monthly["month"].max()]
        got = dict(zip(december["scope"], december["actual"], strict=True))
        rows = table[table["kpi_id"] == kpi_id]
        want = dict(zip(rows["scope"], rows["actual"], strict=True))
        assert got.keys() == want.keys()
        for scope, value in want.items():
            if math.isnan(value):
                assert math.isnan(got[scope]), (kpi_id, scope)
            else:
                assert got[scope] == value, (kpi_id, scope)


def test_temp_tables_go_with_the_call(kpi_fixture_warehouse):
    kpi_table(2020, "cluster", date(2020, 12, 31), warehouse=kpi_fixture_warehouse)
    con = duckdb.connect(str(kpi_fixture_warehouse), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone() == (
            0,
        )
    finally:
        con.close()
