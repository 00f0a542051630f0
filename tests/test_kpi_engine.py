"""How the KPI engine runs its SQL: shared sets built once as TEMP tables, parameters bound.

The values themselves are tested in test_kpi.py (by hand) and test_kpi_pandas.py (against an
independent pandas implementation); here the plan of statements, and that the two ways of
computing a set (a TEMP table when several queries read it, a CTE for one KPI alone) agree, and
that a burn-up computed in one pass over its months equals the KPI table as of each month's end.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from warehouse.kpi import kpi_monthly, kpi_monthly_series, kpi_table
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
    # G2.activities alone: counted_activities is read by one query, so it is a CTE; the as-of
    # points, which a set reads too, are a (tiny) table
    (points, _), (name, statement) = kpi_statements(("G2.activities",))
    assert points == "as_of_points" and name is None
    assert "counted_activities AS (" in statement and "scoped_activities AS (" in statement
    assert "participations" not in statement
    # a set that another set reads stays a table (DuckDB plans the joins from its size)
    names = [n for n, _ in kpi_statements(("G1.companies",))]
    assert names == ["as_of_points", "counted_activities", None]


def test_bind_gives_a_statement_only_the_parameters_it_names():
    params = {"year": 2020, "years": [2019], "as_of": date(2020, 1, 1), "by": "national"}
    statement = "-- $by is not used here\nSELECT $year AS y, $as_of AS d"
    assert bind_params(statement, params) == {"year": 2020, "as_of": date(2020, 1, 1)}
    con = duckdb.connect()
    row = con.execute(statement, bind_params(statement, params)).fetchone()
    assert row == (2020, date(2020, 1, 1))


def test_temp_tables_go_with_the_call(kpi_fixture_warehouse):
    kpi_table(2020, "cluster", date(2020, 12, 31), warehouse=kpi_fixture_warehouse)
    con = duckdb.connect(str(kpi_fixture_warehouse), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone() == (
            0,
        )
    finally:
        con.close()


# --- the burn-up in one pass ---------------------------------------------------------------------


def _month_ends(year: int, as_of: date) -> list[tuple[int, date]]:
    """(month, the as-of date of that month's burn-up value) for the months begun by as_of."""
    ends = [date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1) for m in range(1, 13)]
    return [
        (m, min(end, as_of))
        for m, end in zip(range(1, 13), ends, strict=True)
        if end.replace(day=1) <= as_of
    ]


def assert_series_equal_the_tables(warehouse, year, by, as_of, filters=None) -> None:
    """Every KPI's burn-up value in every month equals the KPI table as of that month's end
    (as_of in its own month); months after as_of have no value."""
    series = kpi_monthly_series(KPI_IDS, year, by, as_of, filters, warehouse)
    got = {(r.kpi_id, r.month.month, r.scope): r.actual for r in series.itertuples(index=False)}
    assert len(got) == len(series) == 18 * 12 * series["scope"].nunique()
    begun = _month_ends(year, as_of)
    for month, month_as_of in begun:
        table = kpi_table(year, by, month_as_of, filters, warehouse)
        assert len(table) == 18 * series["scope"].nunique()
        for r in table.itertuples(index=False):
            value = got[(r.kpi_id, month, r.scope)]
            if math.isnan(r.actual):
                assert math.isnan(value), (r.kpi_id, month, r.scope, value)
            else:
                assert value == r.actual, (r.kpi_id, month, r.scope, value, r.actual)
    for (kpi_id, month, scope), value in got.items():
        if month > len(begun):
            assert math.isnan(value), (kpi_id, month, scope)


@pytest.mark.parametrize("by", ["national", "cluster", "theme"])
def test_series_in_one_pass_equal_twelve_tables(kpi_fixture_warehouse, by):
    # as of mid-October: October's value is as of the 15th, November and December have none
    assert_series_equal_the_tables(kpi_fixture_warehouse, 2020, by, date(2020, 10, 15))


def test_series_in_one_pass_equal_twelve_tables_under_filters(kpi_fixture_warehouse):
    filters = {"clusters": ["LSI", "CHC"], "themes": ["HEALTH_DATA", "PREVENTION"]}
    assert_series_equal_the_tables(
        kpi_fixture_warehouse, 2020, "cluster", date(2020, 12, 31), filters
    )


def test_series_in_one_pass_equal_twelve_tables_on_the_sample(sample_warehouse):
    assert_series_equal_the_tables(sample_warehouse, 2020, "cluster", date(2020, 12, 31))


def test_one_series_is_the_same_alone_or_with_others(kpi_fixture_warehouse):
    both = kpi_monthly_series(
        ["G1.smes", "G2.activities"],
        2020,
        "cluster",
        date(2020, 10, 15),
        warehouse=kpi_fixture_warehouse,
    )
    assert both["kpi_id"].unique().tolist() == ["G1.smes", "G2.activities"]
    alone = kpi_monthly(
        "G2.activities", 2020, "cluster", date(2020, 10, 15), warehouse=kpi_fixture_warehouse
    )
    pd.testing.assert_frame_equal(
        both[both["kpi_id"] == "G2.activities"].drop(columns="kpi_id").reset_index(drop=True), alone
    )
    # a year with nothing begun yet: no values at all, the target line still drawn
    early = kpi_monthly(
        "G2.activities", 2021, "national", date(2020, 12, 31), warehouse=kpi_fixture_warehouse
    )
    assert len(early) == 12 and early["actual"].isna().all()
    with pytest.raises(KeyError):
        kpi_monthly_series(["G2.activities", "no such KPI"], 2020, warehouse=kpi_fixture_warehouse)


def test_as_of_points_must_ascend():
    from warehouse.kpi import KpiFilters, _params

    keys = {"org_key_min": 1, "org_key_max": 2}
    for bad in ([], [date(2020, 2, 1), date(2020, 1, 31)], [date(2020, 1, 31)] * 2):
        with pytest.raises(ValueError, match="ascending"):
            _params(2020, "national", bad, KpiFilters(), keys)
    ok = _params(2020, "national", [date(2020, 1, 31), date(2020, 2, 29)], KpiFilters(), keys)
    assert ok["as_of_dates"] == [date(2020, 1, 31), date(2020, 2, 29)]
