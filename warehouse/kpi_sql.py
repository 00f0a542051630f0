"""The KPI engine's SQL: the shared sets (warehouse/sql/kpi/sets/) and the statements of one
evaluation, built from the KPI files of the catalogue (warehouse/sql/kpi/<name>.sql).

Every runtime value is a DuckDB parameter; the only text put into the SQL is the KPI id, from the
catalogue, and the set names of KPI_SETS (the allow-list of TEMP table names).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from warehouse.db import sql
from warehouse.kpi_catalogue import KPI_IDS, kpi_def

# The shared sets the KPI queries read, in build order: warehouse/sql/kpi/sets/<name>.sql, each
# a query with named CTEs that may read the sets before it. The names are the allow-list of
# temporary table names.
KPI_SETS: tuple[str, ...] = (
    "as_of_points",
    "scoped_activities",
    "counted_activities",
    "participation_summary",
    "project_participations",
    "scoped_inkind",
    "scoped_applications",
    "scoped_funding",
)
# What each set reads of the sets before it, declared (tests/test_kpi_sets_declared.py checks it
# against the SQL); a KPI's sets are declared in warehouse/kpi_catalogue.toml (`sets`).
SET_READS: dict[str, tuple[str, ...]] = {
    "as_of_points": (),
    "scoped_activities": (),
    "counted_activities": ("as_of_points", "scoped_activities"),
    "participation_summary": ("counted_activities",),
    "project_participations": ("counted_activities",),
    "scoped_inkind": ("as_of_points", "scoped_activities"),
    "scoped_applications": ("as_of_points", "scoped_activities"),
    "scoped_funding": ("as_of_points",),
}
# Sets that are a CTE of every statement that reads them: scoped_activities is a filter of
# `activities`, cheaper to compute again than to write (500,000 rows at scale 1000). (The as-of
# points, a few rows, are a table: as a CTE every KPI branch planned them again, which cost a
# small warehouse's KPI table about a fifth more time.)
RECOMPUTED_SETS: tuple[str, ...] = ("scoped_activities",)


def _code(text: str) -> str:
    """The SQL without its `--` comments (they name sets and parameters too)."""
    return re.sub(r"--[^\n]*", "", text)


@cache
def _set_sql(name: str) -> str:
    """The query of one set of KPI_SETS."""
    if name not in KPI_SETS:
        raise KeyError(f"unknown KPI set {name!r}")
    return sql(f"kpi/sets/{name}").strip().rstrip(";")


@cache
def _kpi_select(kpi_id: str) -> str:
    """The branch of one KPI in the final statement: kpi_id, year, scope, point (the as-of
    point, as_of_points), actual (DOUBLE)."""
    d = kpi_def(kpi_id)  # allow-list: only catalogue ids and file names reach the SQL
    body = sql(f"kpi/{d.sql}").strip().rstrip(";")
    return (
        f"SELECT '{d.id}' AS kpi_id, year, scope, point, CAST(actual AS DOUBLE) AS actual\n"  # noqa: S608
        f"FROM (\n{body}\n)"
    )


def _with(inline: list[str], query: str) -> str:
    """`query` with the sets `inline` as CTEs in front of it (no sets: `query` itself)."""
    if not inline:
        return query
    ctes = ",\n".join(f"{name} AS (\n{_set_sql(name)}\n)" for name in inline)
    return f"WITH\n{ctes}\nSELECT * FROM (\n{query}\n)"


@cache
def kpi_statements(kpi_ids: tuple[str, ...] = KPI_IDS) -> tuple[tuple[str | None, str], ...]:
    """The statements that compute the actual values of `kpi_ids`, to run in order.

    Each item is (set name, CREATE OR REPLACE TEMP TABLE statement) or, last, (None, the
    SELECT of kpi_id, year, scope, point, actual: one UNION ALL branch per KPI). Only the sets
    the KPIs read, directly or through other sets, take part. A set becomes a TEMP table when
    another set reads it or two or more KPI queries do; otherwise, and always for
    RECOMPUTED_SETS, it is a CTE of each statement that reads it.
    """
    selects = [_kpi_select(k) for k in kpi_ids]
    final = "\nUNION ALL\n".join(selects)
    kpi_sets = [kpi_def(k).sets for k in kpi_ids]
    # the sets needed, directly or through other sets (a set reads only sets before it)
    needed: list[str] = []
    wanted = {name for sets in kpi_sets for name in sets}
    for name in reversed(KPI_SETS):
        if name in wanted:
            needed.insert(0, name)
            wanted.update(SET_READS[name])
    set_reads = {name: sum(name in SET_READS[n] for n in needed) for name in needed}
    kpi_reads = {name: sum(name in sets for sets in kpi_sets) for name in needed}
    temp = [
        name
        for name in needed
        if name not in RECOMPUTED_SETS and (set_reads[name] > 0 or kpi_reads[name] > 1)
    ]

    def inline_for(reads: tuple[str, ...] | set[str]) -> list[str]:
        """The CTE sets needed for `reads`, directly or through other CTE sets, in build order."""
        found: set[str] = set()
        todo = [name for name in reads if name not in temp]
        while todo:
            name = todo.pop()
            if name not in found:
                found.add(name)
                todo.extend(r for r in SET_READS[name] if r not in temp)
        return [name for name in needed if name in found]

    statements: list[tuple[str | None, str]] = []
    for name in temp:
        body = _set_sql(name)
        query = _with(inline_for(SET_READS[name]), body)
        statements.append((name, f"CREATE OR REPLACE TEMP TABLE {name} AS\n{query}"))
    final_reads = {name for sets in kpi_sets for name in sets}
    statements.append((None, _with(inline_for(final_reads), final)))
    return tuple(statements)


def bind_params(statement: str, params: Mapping[str, object]) -> dict[str, object]:
    """The parameters `statement` names (DuckDB refuses any others)."""
    code = _code(statement)
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", code)}
