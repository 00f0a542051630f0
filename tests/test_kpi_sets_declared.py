"""The KPI engine builds the shared sets each KPI declares (warehouse/kpi_catalogue.toml `sets`,
warehouse/kpi_sql.py SET_READS): the declarations must be exactly what the SQL reads.

The SQL is parsed with sqlglot (a dev dependency), not searched for words: a table a query reads
is a table name in a FROM or JOIN that is not one of the query's own CTEs.
"""

from __future__ import annotations

import pytest

sqlglot = pytest.importorskip("sqlglot")
from sqlglot import exp  # noqa: E402

from warehouse.db import sql  # noqa: E402
from warehouse.kpi_catalogue import kpi_catalogue  # noqa: E402
from warehouse.kpi_sql import KPI_SETS, SET_READS, kpi_statements  # noqa: E402


def sets_read(text: str) -> set[str]:
    """The KPI sets a SQL text reads: table names that are sets and not its own CTEs."""
    tree = sqlglot.parse_one(text, read="duckdb")
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    tables = {table.name for table in tree.find_all(exp.Table)}
    return (tables - ctes) & set(KPI_SETS)


@pytest.mark.parametrize("kpi", kpi_catalogue(), ids=lambda d: d.id)
def test_each_kpi_declares_the_sets_its_sql_reads(kpi) -> None:
    assert set(kpi.sets) == sets_read(sql(f"kpi/{kpi.sql}")), kpi.id
    assert set(kpi.sets) <= set(KPI_SETS)


@pytest.mark.parametrize("name", KPI_SETS)
def test_each_set_declares_the_sets_it_reads(name: str) -> None:
    assert set(SET_READS[name]) == sets_read(sql(f"kpi/sets/{name}"))
    # a set reads only sets before it, so the build order is KPI_SETS' order
    assert all(KPI_SETS.index(r) < KPI_SETS.index(name) for r in SET_READS[name])


def test_the_statements_build_every_set_before_it_is_read() -> None:
    """Every set a statement reads is a TEMP table built before it or a CTE of that statement."""
    for kpi in kpi_catalogue():
        built: set[str] = set()
        for name, statement in kpi_statements((kpi.id,)):
            # a CREATE TEMP TABLE names the set it makes: that is no read
            assert sets_read(statement) - {name} <= built, (kpi.id, name)
            if name is not None:
                built.add(name)
    built = set()
    for name, statement in kpi_statements():
        assert sets_read(statement) - {name} <= built, name
        if name is not None:
            built.add(name)
    assert {"participation_summary", "counted_activities"} <= built  # read by several KPIs
