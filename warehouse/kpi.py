"""The KPI engine (SPEC §4): catalogue, actual values, targets and status.

The SQL of each KPI is `warehouse/sql/kpi/<name>.sql` (named CTEs, one KPI per file). The KPIs
read shared sets, `warehouse/sql/kpi/sets/<set>.sql` (KPI_SETS, in build order): the counted
activities with their scope, a summary of their participations, the participations in counted
innovation projects, and in-kind, applications and funding summed up by year and scope.

How a call runs (kpi_statements): the sets the requested KPIs need are built on the call's
read-only connection as TEMP tables (CREATE TEMP TABLE <set> AS <its query>: the temp catalog
is allowed on a read-only database and goes with the connection at the end of the call); then
one statement, a UNION ALL of the KPI files, reads them and returns (kpi_id, year, scope,
actual). Why: before, everything was one statement of CTEs, and DuckDB planned the shared CTEs
again in every UNION ALL branch, so the join of ~3 million participations with the activities and
organisations ran once per KPI (2.1 s for the table at scale 1000). Built once, a set is also a
table of known size, from which DuckDB plans the joins over the large fact tables the right way
round (the hash table on the smaller side). A set that only one KPI query reads (kpi_monthly asks
for one KPI) stays a CTE of that query, and so does scoped_activities (RECOMPUTED_SETS), a filter
of `activities` that costs less to compute again than to write. The KPIs that count distinct
organisations share one pass over the participations: participation_summary holds each set of
organisations as a bitstring over the organisation's row id, and bit_count(set & kind) counts
them (see that file).

Every runtime value (year, as-of, by, filters, the bounds of those bitstrings) is a DuckDB
parameter, and each statement gets the ones it names; the only text put into the SQL is the KPI
id, from the catalogue, checked against the ids of SPEC §4, and the set names of KPI_SETS.

Public API:
    kpi_catalogue() -> list[KpiDef]
    kpi_catalogue_frame() -> DataFrame (id, goal, goal_da, goal_en, name_da, name_en,
                                        definition_da, definition_en, unit, decimals)
    kpi_status(actual, target, unit, year, as_of) -> (achievement_pct, status)
    kpi_table(year, by, as_of, filters, warehouse) -> DataFrame
        (kpi_id, year, scope, actual, target, achievement_pct, status)
    kpi_monthly(kpi_id, year, by, as_of, filters, warehouse) -> DataFrame
        (month, scope, actual, target_line)
    kpi_statements(kpi_ids) -> ((set name | None, SQL), ...), the statements of one evaluation
"""

from __future__ import annotations

import calendar
import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.db import connect_read_only, sql
from warehouse.vocabulary import LANGUAGES, STATUS_WORDS, STATUSES, words  # noqa: F401 (re-export)

CATALOGUE_FILE = Path(__file__).with_name("kpi_catalogue.toml")

# The KPI ids of SPEC §4, in catalogue order. The catalogue must hold exactly these.
KPI_IDS: tuple[str, ...] = (
    "G1.companies",
    "G1.smes",
    "G1.companies_with_knowledge",
    "G1.inkind_dkk",
    "G1.new_products",
    "G2.activities",
    "G2.user_involving",
    "G2.healthcare_orgs",
    "G3.cross_cluster",
    "G3.cross_regional_projects",
    "G3.outside_region_pct",
    "G4.international_activities",
    "G4.international_orgs",
    "G4.companies_international",
    "F.applications",
    "F.granted_dkk",
    "F.grant_utilisation_pct",
    "F.cofinancing_ratio",
)
UNITS = ("count", "DKK", "%", "ratio")
# units compared with the pro-rata expectation in the as-of year; % and ratio with T itself
PRO_RATA_UNITS = ("count", "DKK")
BY_VALUES = ("national", "cluster", "region", "theme", "technology")
SCOPE_ALL = "ALL"
COLUMNS = ["kpi_id", "year", "scope", "actual", "target", "achievement_pct", "status"]
MONTHLY_COLUMNS = ["month", "scope", "actual", "target_line"]

# Every status word kpi_status() returns and its words: the vocabulary's (warehouse/vocabulary.py).
STATUS_LABELS: dict[str, dict[str, str]] = {lang: words(STATUS_WORDS, lang) for lang in LANGUAGES}


# --------------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiDef:
    """One KPI of the catalogue (warehouse/kpi_catalogue.toml)."""

    id: str
    goal: str
    goal_da: str
    goal_en: str
    name_da: str
    name_en: str
    definition_da: str
    definition_en: str
    unit: str
    decimals: int
    sql: str

    def name(self, lang: str = "da") -> str:
        return self.name_en if lang == "en" else self.name_da

    def definition(self, lang: str = "da") -> str:
        return self.definition_en if lang == "en" else self.definition_da


@cache
def _catalogue() -> tuple[KpiDef, ...]:
    with CATALOGUE_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    goals = data["goals"]
    defs = tuple(
        KpiDef(
            id=k["id"],
            goal=k["goal"],
            goal_da=goals[k["goal"]]["da"],
            goal_en=goals[k["goal"]]["en"],
            name_da=k["name_da"],
            name_en=k["name_en"],
            definition_da=k["definition_da"],
            definition_en=k["definition_en"],
            unit=k["unit"],
            decimals=int(k["decimals"]),
            sql=k["sql"],
        )
        for k in data["kpi"]
    )
    ids = tuple(d.id for d in defs)
    if ids != KPI_IDS:
        raise ValueError(f"{CATALOGUE_FILE.name}: KPI ids {ids} differ from SPEC §4 {KPI_IDS}")
    for d in defs:
        if d.unit not in UNITS:
            raise ValueError(f"{CATALOGUE_FILE.name}: {d.id} has unknown unit {d.unit!r}")
        if not d.sql.replace("_", "").isalnum():
            raise ValueError(f"{CATALOGUE_FILE.name}: {d.id} has a bad sql name {d.sql!r}")
    return defs


def kpi_catalogue() -> list[KpiDef]:
    """Return every KPI of the catalogue in display order."""
    return list(_catalogue())


def kpi_def(kpi_id: str) -> KpiDef:
    """Return the catalogue entry of one KPI (KeyError if unknown)."""
    for d in _catalogue():
        if d.id == kpi_id:
            return d
    raise KeyError(f"unknown KPI {kpi_id!r}; known: {', '.join(KPI_IDS)}")


def kpi_catalogue_frame() -> pd.DataFrame:
    """Return the catalogue as a DataFrame (one row per KPI, without the SQL file name)."""
    rows = [
        {f.name: getattr(d, f.name) for f in fields(KpiDef) if f.name != "sql"}
        for d in _catalogue()
    ]
    return pd.DataFrame(rows)


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
# Status
# --------------------------------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(value)  # type: ignore[arg-type]
    except TypeError:
        return False


def _exact(value: float | int | Decimal) -> Fraction:
    """The number as written (0.95 is 95/100, not the nearest binary fraction)."""
    if isinstance(value, Decimal):
        return Fraction(value)
    return Fraction(Decimal(repr(float(value))))


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def kpi_status(
    actual: float | None,
    target: float | None,
    unit: str,
    year: int,
    as_of: date,
) -> tuple[float | None, str]:
    """Return (achievement_pct, status) of a KPI value for `year` against its target (SPEC §4).

    - No target: (None, 'no_target').
    - year after as_of's year: (None, 'not_started').
    - actual missing (division by zero): (None, 'no_value').
    - the year is over (as_of on or after 31 December of `year`): achievement = actual / T x 100;
      'achieved' >= 100 %, 'close' >= 75 %, else 'missed'. An annual report as of 31 December
      reads as a finished year.
    - year == as_of's year, as_of before 31 December: count and DKK KPIs against
      E = T x day-of-year(as_of) / days in year;
      % and ratio KPIs against T; 'on_track' >= 95 %, 'at_risk' >= 75 %, else 'behind'.
      achievement_pct is actual / E x 100 (count, DKK) or actual / T x 100 (%, ratio).
    The status is decided on exact fractions (no floating-point error at the boundaries);
    achievement_pct is rounded to one decimal, and is None when the reference (T or E) is 0.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    if _missing(target):
        return None, "no_target"
    if year > as_of.year:
        return None, "not_started"
    if _missing(actual):
        return None, "no_value"
    a = _exact(actual)  # type: ignore[arg-type]
    t = _exact(target)  # type: ignore[arg-type]
    if as_of >= date(year, 12, 31):
        reference = t
        bands = ((Fraction(1), "achieved"), (Fraction(3, 4), "close"))
        below = "missed"
    else:
        if unit in PRO_RATA_UNITS:
            day = as_of.timetuple().tm_yday
            reference = t * Fraction(day, days_in_year(year))
        else:
            reference = t
        bands = ((Fraction(95, 100), "on_track"), (Fraction(3, 4), "at_risk"))
        below = "behind"
    status = below
    for share, word in bands:
        if a >= share * reference:
            status = word
            break
    pct = None if reference == 0 else float(round(a / reference * 100, 1))
    return pct, status


def pro_rata_target(target: float, unit: str, year: int, day: date) -> float:
    """The target line at `day`: T x day-of-year / days in year (count, DKK), else T itself."""
    if unit not in PRO_RATA_UNITS:
        return float(target)
    if day.year < year:
        return 0.0
    if day.year > year:
        return float(target)
    return float(target) * day.timetuple().tm_yday / days_in_year(year)


# --------------------------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------------------------


# The shared sets the KPI queries read, in build order: warehouse/sql/kpi/sets/<name>.sql, each
# a query with named CTEs that may read the sets before it. The names are the allow-list of
# temporary table names.
KPI_SETS: tuple[str, ...] = (
    "scoped_activities",
    "counted_activities",
    "participation_summary",
    "project_participations",
    "scoped_inkind",
    "scoped_applications",
    "scoped_funding",
)
# Sets that are a CTE of every statement that reads them: scoped_activities is a filter of
# `activities`, cheaper to compute again than to write (500,000 rows at scale 1000).
RECOMPUTED_SETS: tuple[str, ...] = ("scoped_activities",)


def _code(text: str) -> str:
    """The SQL without its `--` comments (they name sets and parameters too)."""
    return re.sub(r"--[^\n]*", "", text)


def _mentions(text: str, name: str) -> int:
    """How often the SQL `text` (comments aside) names `name` as a word."""
    return len(re.findall(rf"\b{re.escape(name)}\b", _code(text)))


@cache
def _set_sql(name: str) -> str:
    """The query of one set of KPI_SETS."""
    if name not in KPI_SETS:
        raise KeyError(f"unknown KPI set {name!r}")
    return sql(f"kpi/sets/{name}").strip().rstrip(";")


@cache
def _kpi_select(kpi_id: str) -> str:
    """The branch of one KPI in the final statement: kpi_id, year, scope, actual (DOUBLE)."""
    d = kpi_def(kpi_id)  # allow-list: only catalogue ids and file names reach the SQL
    body = sql(f"kpi/{d.sql}").strip().rstrip(";")
    return (
        f"SELECT '{d.id}' AS kpi_id, year, scope, CAST(actual AS DOUBLE) AS actual\n"  # noqa: S608
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
    SELECT of kpi_id, year, scope, actual: one UNION ALL branch per KPI). Only the sets the KPIs
    read, directly or through other sets, take part. A set becomes a TEMP table when another set
    reads it or two or more KPI queries do; otherwise, and always for RECOMPUTED_SETS, it is a
    CTE of each statement that reads it.
    """
    selects = [_kpi_select(k) for k in kpi_ids]
    final = "\nUNION ALL\n".join(selects)
    # the sets needed, directly or through other sets (a set reads only sets before it)
    needed: list[str] = []
    for name in reversed(KPI_SETS):
        readers = [final, *(_set_sql(n) for n in needed)]
        if any(_mentions(text, name) for text in readers):
            needed.insert(0, name)
    set_reads = {name: sum(_mentions(_set_sql(n), name) for n in needed) for name in needed}
    kpi_reads = {name: sum(_mentions(select, name) for select in selects) for name in needed}
    temp = [
        name
        for name in needed
        if name not in RECOMPUTED_SETS and (set_reads[name] > 0 or kpi_reads[name] > 1)
    ]

    def inline_for(text: str) -> list[str]:
        """The CTE sets `text` reads, directly or through other CTE sets, in build order."""
        found: list[str] = []
        for name in reversed(needed):
            if name in temp:
                continue
            if _mentions(text, name) or any(_mentions(_set_sql(f), name) for f in found):
                found.insert(0, name)
        return found

    statements: list[tuple[str | None, str]] = []
    for name in temp:
        body = _set_sql(name)
        query = _with(inline_for(body), body)
        statements.append((name, f"CREATE OR REPLACE TEMP TABLE {name} AS\n{query}"))
    statements.append((None, _with(inline_for(final), final)))
    return tuple(statements)


def _bind(statement: str, params: Mapping[str, object]) -> dict[str, object]:
    """The parameters `statement` names (DuckDB refuses any others)."""
    code = _code(statement)
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", code)}


def _org_key_range(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The bounds of the organisation bitstrings: the smallest and largest organisations.rowid."""
    low, high = con.execute(sql("kpi/_org_keys")).fetchone()
    return {"org_key_min": int(low), "org_key_max": int(high)}


def _params(
    year: int | None, by: str, as_of: date, filters: KpiFilters, org_keys: Mapping[str, int]
) -> dict[str, object]:
    """Every parameter of the KPI SQL ($name), for one evaluation."""
    return {
        "year": year,
        "as_of": as_of,
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


def _grid(
    actuals: pd.DataFrame, kpi_ids: list[str], years: list[int], scopes: list[str]
) -> pd.DataFrame:
    """Every (kpi, year, scope) with its actual: count/DKK default 0, % and ratio NULL."""
    index = pd.MultiIndex.from_product([kpi_ids, years, scopes], names=["kpi_id", "year", "scope"])
    values = actuals.set_index(["kpi_id", "year", "scope"])["actual"]
    values = values[values.index.isin(index)]
    out = pd.DataFrame(index=index).join(values).reset_index()
    units = {d.id: d.unit for d in _catalogue()}
    zero = out["kpi_id"].map(units).isin(PRO_RATA_UNITS) & out["actual"].isna()
    out.loc[zero, "actual"] = 0.0
    out["actual"] = out["actual"].astype("float64")
    return out


def _with_status(
    table: pd.DataFrame,
    targets: dict[tuple[str, int, str], float],
    as_of: date,
) -> pd.DataFrame:
    units = {d.id: d.unit for d in _catalogue()}
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
        con.execute(statement, _bind(statement, params))
    return con.execute(final, _bind(final, params)).df()


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
        params = _params(year, by, as_of, flt, _org_key_range(con))
        actuals = _actuals(con, KPI_IDS, params)
        targets = _targets(con, by) if flt.keeps_targets(by) else {}
    table = _grid(actuals, list(KPI_IDS), years, scopes)
    order = {k: i for i, k in enumerate(KPI_IDS)}
    scope_order = {s: i for i, s in enumerate(scopes)}
    table = table.sort_values(
        ["year", "kpi_id", "scope"],
        key=lambda col: (
            col.map(order)
            if col.name == "kpi_id"
            else (col.map(scope_order) if col.name == "scope" else col)
        ),
    ).reset_index(drop=True)
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
    d = kpi_def(kpi_id)
    by = _check_by(by)
    as_of = as_of or date.today()
    flt = KpiFilters.coerce(filters)
    frames = []
    with connect_read_only(warehouse) as con:
        scopes = _scopes(con, by, flt)
        targets = _targets(con, by) if flt.keeps_targets(by) else {}
        if not scopes:
            return pd.DataFrame({c: pd.Series([], dtype=object) for c in MONTHLY_COLUMNS})
        org_keys = _org_key_range(con)
        for month in range(1, 13):
            first = date(year, month, 1)
            end = _month_end(year, month)
            if first > as_of:
                values = pd.DataFrame({"scope": scopes, "actual": math.nan})
            else:
                params = _params(year, by, min(end, as_of), flt, org_keys)
                actuals = _actuals(con, (kpi_id,), params)
                values = _grid(actuals, [kpi_id], [year], scopes)[["scope", "actual"]]
            values["month"] = pd.Timestamp(first)
            values["target_line"] = [
                math.nan
                if (t := targets.get((kpi_id, year, s))) is None
                else pro_rata_target(t, d.unit, year, end)
                for s in values["scope"]
            ]
            frames.append(values)
    out = pd.concat(frames, ignore_index=True)
    scope_order = {s: i for i, s in enumerate(scopes)}
    out = out.sort_values(
        ["scope", "month"], key=lambda c: c.map(scope_order) if c.name == "scope" else c
    )
    out["actual"] = out["actual"].astype("float64")
    out["target_line"] = out["target_line"].astype("float64")
    return out[MONTHLY_COLUMNS].reset_index(drop=True)
