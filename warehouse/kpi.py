"""The KPI engine (docs/kpis.md): actual values by year and scope, their targets and status.

The modules of the engine, one job each:
- `warehouse.kpi_catalogue`: the 18 KPIs (ids, names, definitions, units, SQL file names);
- `warehouse.kpi_status`: status and pro-rata arithmetic (pure functions);
- `warehouse.kpi_sql`: the statements of one evaluation, from the KPI files
  (`warehouse/sql/kpi/<name>.sql`) and the shared sets they read (`warehouse/sql/kpi/sets/`,
  built per call as TEMP tables on the read-only connection; see `kpi_sql.kpi_statements`);
- this module: filters, running the statements, the table and the monthly burn-up.

Public API:
    kpi_table(year, by, as_of, filters, warehouse) -> DataFrame
        (kpi_id, year, scope, actual, target, achievement_pct, status)
    kpi_monthly(kpi_id, year, by, as_of, filters, warehouse) -> DataFrame
        (month, scope, actual, target_line)
    kpi_monthly_series(kpi_ids, year, by, as_of, filters, warehouse) -> DataFrame
        (kpi_id, month, scope, actual, target_line): several burn-ups in one pass
    data_years(warehouse) -> [year, ...]
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from itertools import pairwise
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.db import connect_read_only, sql
from warehouse.kpi_catalogue import (
    KPI_IDS,
    kpi_catalogue,
    kpi_def,
)
from warehouse.kpi_sql import (
    bind_params,
    kpi_statements,
)
from warehouse.kpi_status import (
    PRO_RATA_UNITS,
    kpi_status,
    pro_rata_target,
)

BY_VALUES = ("national", "cluster", "region", "theme", "technology")
SCOPE_ALL = "ALL"
COLUMNS = ["kpi_id", "year", "scope", "actual", "target", "achievement_pct", "status"]
MONTHLY_COLUMNS = ["month", "scope", "actual", "target_line"]
SERIES_COLUMNS = ["kpi_id", *MONTHLY_COLUMNS]


# --------------------------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiFilters:
    """Narrow the activities counted. An empty tuple means no filter on that dimension.

    clusters: lead cluster; regions: the lead cluster's home region; themes; technologies;
    activity_types.
    """

    clusters: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    activity_types: tuple[str, ...] = ()

    @classmethod
    def coerce(cls, value: KpiFilters | Mapping[str, Iterable[str] | None] | None) -> KpiFilters:
        """Return `value` as KpiFilters (from None, a KpiFilters or a dict of lists)."""
        if value is None:
            return cls()
        if isinstance(value, KpiFilters):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown KPI filter(s) {sorted(unknown)}; known: {sorted(known)}")
        kwargs = {}
        for key, codes in value.items():
            if codes is None:
                codes = ()
            elif isinstance(codes, str):
                codes = (codes,)
            kwargs[key] = tuple(str(c) for c in codes)
        return cls(**kwargs)

    def params(self) -> dict[str, list[str] | None]:
        """The DuckDB parameters: a list of codes, or None for no filter."""
        return {f.name: (list(getattr(self, f.name)) or None) for f in fields(self)}

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    @property
    def has_activity_filter(self) -> bool:
        """True under a theme, technology or activity-type filter: one that funding rows (which
        have no activity) cannot follow."""
        return bool(self.themes or self.technologies or self.activity_types)

    def keeps_targets(self, by: str) -> bool:
        """True if every row at scope `by` still holds exactly its scope's unfiltered actual.

        A theme, technology or activity-type filter narrows every row; a cluster or region
        filter narrows the national row but only selects whole rows at cluster/region scope.
        """
        if self.has_activity_filter:
            return False
        if by == "national":
            return not (self.clusters or self.regions)
        return True


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------


def _org_key_range(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The bounds of the organisation bitstrings: the smallest and largest org_key."""
    low, high = con.execute(sql("kpi/_org_keys")).fetchone()
    return {"org_key_min": int(low), "org_key_max": int(high)}


def _params(
    year: int | None,
    by: str,
    as_of_dates: list[date],
    filters: KpiFilters,
    org_keys: Mapping[str, int],
) -> dict[str, object]:
    """Every parameter of the KPI SQL ($name), for one evaluation at the as-of points
    `as_of_dates` (ascending, distinct, not empty: sets/as_of_points.sql)."""
    if not as_of_dates or any(a >= b for a, b in pairwise(as_of_dates)):
        raise ValueError(f"as-of dates must be ascending, distinct and not empty: {as_of_dates}")
    return {
        "year": year,
        "as_of_dates": list(as_of_dates),
        "by": by,
        **filters.params(),
        "has_activity_filter": filters.has_activity_filter,
        "has_any_filter": not filters.is_empty,
        **org_keys,
    }


def _check_by(by: str) -> str:
    if by not in BY_VALUES:
        raise ValueError(f"by must be one of {', '.join(BY_VALUES)}, not {by!r}")
    return by


def _scopes(con: duckdb.DuckDBPyConnection, by: str, filters: KpiFilters) -> list[str]:
    """The scope values of `by` in display order, narrowed by filters on that dimension."""
    if by == "national":
        return [SCOPE_ALL]
    dims = con.execute(sql("kpi/_dimensions")).df()
    clusters = dims[dims["dimension"] == "cluster"].sort_values("sort_order")
    if filters.clusters:
        clusters = clusters[clusters["code"].isin(filters.clusters)]
    if filters.regions:
        clusters = clusters[clusters["home_region"].isin(filters.regions)]
    if by == "cluster":
        return clusters["code"].tolist()
    if by == "region":
        regions = dims[dims["dimension"] == "region"].sort_values("sort_order")
        return [r for r in regions["code"] if r in set(clusters["home_region"])]
    values = dims[dims["dimension"] == by].sort_values("sort_order")["code"].tolist()
    chosen = filters.themes if by == "theme" else filters.technologies
    return [v for v in values if not chosen or v in chosen]


def _targets(con: duckdb.DuckDBPyConnection, by: str) -> dict[tuple[str, int, str], float]:
    """{(kpi_id, year, scope value of `by`): target}; regions take their home cluster's target."""
    if by in ("theme", "technology"):
        return {}
    rows = con.execute(sql("kpi/_targets")).fetchall()
    if by == "national":
        return {(k, y, s): t for k, y, s, t in rows if s == SCOPE_ALL}
    if by == "cluster":
        return {(k, y, s): t for k, y, s, t in rows if s != SCOPE_ALL}
    home = dict(con.execute("SELECT code, home_region FROM dim_cluster").fetchall())
    return {(k, y, home[s]): t for k, y, s, t in rows if s in home}


def _empty_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi_id": pd.Series([], dtype=object),
            "year": pd.Series([], dtype="int64"),
            "scope": pd.Series([], dtype=object),
            "actual": pd.Series([], dtype="float64"),
            "target": pd.Series([], dtype="float64"),
            "achievement_pct": pd.Series([], dtype="float64"),
            "status": pd.Series([], dtype=object),
        }
    )


def _grid(actuals: pd.DataFrame, axes: Mapping[str, Iterable[object]]) -> pd.DataFrame:
    """Every combination of `axes` ({column: values}, e.g. kpi_id, year, scope) with its actual
    from `actuals`: count/DKK default 0, % and ratio NULL."""
    names = list(axes)
    index = pd.MultiIndex.from_product([list(v) for v in axes.values()], names=names)
    values = actuals.set_index(names)["actual"]
    values = values[values.index.isin(index)]
    out = pd.DataFrame(index=index).join(values).reset_index()
    units = {d.id: d.unit for d in kpi_catalogue()}
    zero = out["kpi_id"].map(units).isin(PRO_RATA_UNITS) & out["actual"].isna()
    out.loc[zero, "actual"] = 0.0
    out["actual"] = out["actual"].astype("float64")
    return out


def _with_status(
    table: pd.DataFrame,
    targets: dict[tuple[str, int, str], float],
    as_of: date,
) -> pd.DataFrame:
    units = {d.id: d.unit for d in kpi_catalogue()}
    target_values, pcts, statuses = [], [], []
    for kpi_id, year, scope, actual in zip(
        table["kpi_id"], table["year"], table["scope"], table["actual"], strict=True
    ):
        target = targets.get((kpi_id, int(year), scope))
        pct, status = kpi_status(actual, target, units[kpi_id], int(year), as_of)
        target_values.append(math.nan if target is None else float(target))
        pcts.append(math.nan if pct is None else pct)
        statuses.append(status)
    table = table.copy()
    table["target"] = pd.Series(target_values, index=table.index, dtype="float64")
    table["achievement_pct"] = pd.Series(pcts, index=table.index, dtype="float64")
    table["status"] = pd.Series(statuses, index=table.index, dtype=object)
    return table


def _actuals(
    con: duckdb.DuckDBPyConnection, kpi_ids: tuple[str, ...], params: Mapping[str, object]
) -> pd.DataFrame:
    """Run kpi_statements(kpi_ids) on `con`: build the TEMP sets, return the final result."""
    *sets, (_, final) = kpi_statements(kpi_ids)
    for _, statement in sets:
        con.execute(statement, bind_params(statement, params))
    return con.execute(final, bind_params(final, params)).df()


def kpi_table(
    year: int | None = None,
    by: str = "national",
    as_of: date | None = None,
    filters: KpiFilters | dict | None = None,
    warehouse: Path | None = None,
) -> pd.DataFrame:
    """Return the KPI table: kpi_id, year, scope, actual, target, achievement_pct, status.

    year: one year, or None for every year with data (activities, in-kind, funding,
    applications, outcomes). by: national (scope 'ALL') | cluster | region | theme | technology.
    as_of: default today. filters: KpiFilters or a dict with the same keys. One row per KPI,
    year and scope value (scope values with nothing in them are listed too: count and DKK
    KPIs as 0, % and ratio KPIs as NaN). NULL (division by zero, no target) is NaN.
    Sorted by year, KPI (catalogue order), scope (display order).
    Raises FileNotFoundError if the warehouse file is missing, ValueError for a bad `by`.
    """
    by = _check_by(by)
    as_of = as_of or date.today()
    flt = KpiFilters.coerce(filters)
    with connect_read_only(warehouse) as con:
        years = [int(year)] if year is not None else _data_years(con)
        scopes = _scopes(con, by, flt)
        if not years or not scopes:
            return _empty_table()
        params = _params(year, by, [as_of], flt, _org_key_range(con))
        actuals = _actuals(con, KPI_IDS, params)  # one as-of point
        targets = _targets(con, by) if flt.keeps_targets(by) else {}
    # in the table's order: year (ascending), KPI (catalogue order), scope (display order)
    table = _grid(actuals, {"year": years, "kpi_id": KPI_IDS, "scope": scopes})
    table["year"] = table["year"].astype("int64")
    return _with_status(table, targets, as_of)[COLUMNS]


def _data_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [int(y) for (y,) in con.execute(sql("kpi/_years")).fetchall()]


def data_years(warehouse: Path | None = None) -> list[int]:
    """Return the years with data in the warehouse, ascending."""
    with connect_read_only(warehouse) as con:
        return _data_years(con)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def kpi_monthly(
    kpi_id: str,
    year: int,
    by: str = "national",
    as_of: date | None = None,
    filters: KpiFilters | dict | None = None,
    warehouse: Path | None = None,
) -> pd.DataFrame:
    """Return the burn-up series of one KPI for `year`: month, scope, actual, target_line.

    month: the first day of each month of the year (datetime64). actual: the KPI evaluated with
    as-of = min(end of that month, as_of), i.e. the cumulative value at the month's end; NaN for
    months that start after as_of (no line into the future). target_line: the pro-rata target
    T x day-of-year(month end) / days in year for count and DKK KPIs, T itself for % and ratio
    KPIs; NaN without a target (same target rules as kpi_table).
    """
    series = kpi_monthly_series((kpi_id,), year, by, as_of, filters, warehouse)
    return series[MONTHLY_COLUMNS]


def kpi_monthly_series(
    kpi_ids: Iterable[str],
    year: int,
    by: str = "national",
    as_of: date | None = None,
    filters: KpiFilters | dict | None = None,
    warehouse: Path | None = None,
) -> pd.DataFrame:
    """Return the burn-up series of several KPIs at once: kpi_id, month, scope, actual,
    target_line (each KPI's rows as kpi_monthly gives them, KPIs in the order asked).

    One evaluation at one as-of point per month that has begun by as_of (sets/as_of_points.sql):
    the sets are built once for every month and every KPI asked.
    """
    ids = list(dict.fromkeys(kpi_def(k).id for k in kpi_ids))  # the catalogue's ids only
    by = _check_by(by)
    as_of = as_of or date.today()
    flt = KpiFilters.coerce(filters)
    # point n is month n: its last day, or as_of in its own month; months after as_of have none
    points = [min(_month_end(year, m), as_of) for m in range(1, 13) if date(year, m, 1) <= as_of]
    with connect_read_only(warehouse) as con:
        scopes = _scopes(con, by, flt)
        targets = _targets(con, by) if flt.keeps_targets(by) else {}
        if not scopes or not ids:
            return pd.DataFrame({c: pd.Series([], dtype=object) for c in SERIES_COLUMNS})
        actuals = pd.DataFrame(columns=["kpi_id", "year", "scope", "point", "actual"])
        if points:
            params = _params(year, by, points, flt, _org_key_range(con))
            actuals = _actuals(con, tuple(ids), params)
    actuals = actuals[actuals["year"] == year]
    # in the order of a series: KPI as asked, scope by scope, month by month
    out = _grid(actuals, {"kpi_id": ids, "scope": scopes, "point": range(1, 13)})
    out.loc[out["point"] > len(points), "actual"] = math.nan  # no line into the future
    out["month"] = pd.to_datetime([date(year, int(n), 1) for n in out["point"]])
    units = {d.id: d.unit for d in kpi_catalogue()}
    out["target_line"] = [
        math.nan
        if (t := targets.get((k, year, s))) is None
        else pro_rata_target(t, units[k], year, _month_end(year, int(n)))
        for k, n, s in zip(out["kpi_id"], out["point"], out["scope"], strict=True)
    ]
    out["target_line"] = out["target_line"].astype("float64")
    return out[SERIES_COLUMNS]
