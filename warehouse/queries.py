"""The dashboard's query functions: one `.sql` file of warehouse/sql/queries per function.

Every function opens the warehouse read-only for its one query and closes it again
(`warehouse.db.connect_read_only`), passes values only as parameters, and returns a DataFrame of
codes (never labels: the UI translates codes with the dim_* tables).

Filters shared by most functions:
- `year` and `as_of`: the window is 1 January of `year` up to the earlier of 31 December and
  `as_of` (default today), as for the KPIs; an activity counts when it is `completed` and starts
  in the window.
- `clusters`, `themes`: codes to keep (empty or None: all). Clusters filter on the lead cluster,
  the KPI engine's attribution rule.
- `lead_clusters` (Explorer) and `file_clusters` (Data quality): the user's access, set by
  `ui.data` from `ui.access`. None: everything; a list, even an empty one, keeps only those lead
  clusters / the files whose name carries only those cluster codes (an empty list: nothing).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

from warehouse.db import connect_read_only, sql

Codes = Iterable[str] | None
PathLike = str | os.PathLike | None

#: Dimensions the Explorer can pivot by (explorer_pivot.sql's CASE lists).
PIVOT_DIMENSIONS = (
    "cluster",
    "region",
    "host_region",
    "theme",
    "technology",
    "activity_type",
    "org_type",
    "sme",
    "country",
    "status",
    "year",
    "quarter",
    "month",
)
#: Measures of the Explorer's pivot (columns of explorer_pivot.sql).
PIVOT_MEASURES = (
    "activities",
    "participations",
    "participants",
    "organisations",
    "companies",
    "inkind_dkk",
)

_PARAM = re.compile(r"\$([a-z_]+)")


def run(name: str, params: dict | None = None, warehouse: PathLike = None) -> pd.DataFrame:
    """Run warehouse/sql/queries/<name>.sql with the parameters it uses, return a DataFrame."""
    text = sql(f"queries/{name}")
    used = set(_PARAM.findall(text))
    values = {k: v for k, v in (params or {}).items() if k in used}
    missing = used - values.keys()
    if missing:
        raise ValueError(f"query {name} needs parameters {sorted(missing)}")
    with connect_read_only(warehouse) as con:
        return con.execute(text, values).df()


def window(year: int, as_of: date | None = None) -> tuple[date, date]:
    """Return (first day, last day) of `year` counted as of `as_of` (default today)."""
    as_of = as_of or date.today()
    return date(year, 1, 1), min(date(year, 12, 31), as_of)


def _codes(values: Codes) -> list[str] | None:
    """None for no filter, else the list of codes (an empty selection means no filter)."""
    if values is None:
        return None
    values = [str(v) for v in values]
    return values or None


def _access(values: Codes) -> list[str] | None:
    """None for no restriction, else the list of codes (an empty list keeps nothing)."""
    return None if values is None else [str(v) for v in values]


def _scope(year: int, as_of: date | None, clusters: Codes, themes: Codes) -> dict:
    date_from, date_to = window(year, as_of)
    return {
        "date_from": date_from,
        "date_to": date_to,
        "year": year,
        "clusters": _codes(clusters),
        "themes": _codes(themes),
    }


# --- reference and status ---------------------------------------------------------------------


def dimensions(warehouse: PathLike = None) -> pd.DataFrame:
    """Every reference code: dimension, code, label_da, label_en, sort_order."""
    return run("dimensions", warehouse=warehouse)


def warehouse_info(warehouse: PathLike = None) -> dict:
    """The last load (load_id, loaded_at, input_dir), the years with activities or targets
    (years), the years with activities (activity_years) and fact counts."""
    df = run("warehouse_info", warehouse=warehouse)
    row = df.iloc[0].to_dict()
    for key in ("years", "activity_years"):
        years = row.get(key)
        row[key] = [int(y) for y in years] if years is not None else []
    if pd.isna(row.get("loaded_at")):
        row["loaded_at"] = None
    return row


# --- overview, regions, themes ----------------------------------------------------------------


def headline(
    year: int,
    as_of: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    warehouse: PathLike = None,
) -> dict:
    """Headline figures of the year: activities, participations, participants, organisations,
    companies, smes, countries, inkind_hours, inkind_dkk."""
    df = run("headline", _scope(year, as_of, clusters, themes), warehouse).astype(object)
    return {k: (None if pd.isna(v) else v) for k, v in df.iloc[0].to_dict().items()}


def reach_by_region(
    year: int,
    as_of: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """Participating organisations by own home region: region, partner, cluster ('*' for all
    clusters together, distinct over the network), organisations, participants."""
    return run("reach_by_region", _scope(year, as_of, clusters, themes), warehouse)


def theme_technology(
    year: int | None,
    as_of: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    grain: str = "year",
    split_technology: bool = True,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """Activities, participants, companies by theme, technology and period (grain: year, quarter,
    month). `year` None: every year up to `as_of`. `split_technology` False: technology '*'."""
    if grain not in ("year", "quarter", "month"):
        raise ValueError(f"unknown grain {grain!r}")
    if year is None:
        params = _scope(date.today().year, as_of, clusters, themes)
        params["date_from"] = date(1900, 1, 1)
        params["date_to"] = as_of or date.today()
    else:
        params = _scope(year, as_of, clusters, themes)
    params["grain"] = grain
    params["split_technology"] = split_technology
    return run("theme_technology", params, warehouse)


def theme_pairs(
    pairs: Sequence[tuple[str, str]],
    as_of: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    grain: str = "quarter",
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """Activities, participants and distinct companies by theme and period (every year up to
    `as_of`) of the counted activities in exactly these (theme, technology) cells."""
    if grain not in ("year", "quarter", "month"):
        raise ValueError(f"unknown grain {grain!r}")
    pairs = [(str(theme), str(technology)) for theme, technology in pairs]
    params = _scope(date.today().year, as_of, clusters, themes)
    params["date_from"] = date(1900, 1, 1)
    params["date_to"] = as_of or date.today()
    params["grain"] = grain
    params["pair_themes"] = [theme for theme, _ in pairs]
    params["pair_technologies"] = [technology for _, technology in pairs]
    return run("theme_pairs", params, warehouse)


# --- collaboration ----------------------------------------------------------------------------


def region_matrix(
    year: int,
    as_of: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """region_a, region_b, activities (where organisations of both met), organisations (of A)."""
    return run("region_matrix", _scope(year, as_of, clusters, themes), warehouse)


def cluster_network(
    year: int,
    as_of: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """Edges source_kind, source, target_kind, target, weight (cluster–cluster and
    cluster–region)."""
    return run("cluster_network", _scope(year, as_of, clusters, themes), warehouse)


def international(
    as_of: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """year, country, activities (held abroad), organisations (foreign), priority — all years."""
    params = _scope(date.today().year, as_of, clusters, themes)
    params["date_to"] = as_of or date.today()
    return run("international", params, warehouse)


# --- funding ----------------------------------------------------------------------------------


def funding(
    year: int,
    as_of: date | None = None,
    clusters: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """source, flow, cluster, region, quarter, category, amount_dkk of the year up to as_of."""
    return run("funding", _scope(year, as_of, clusters, None), warehouse)


def inkind(
    year: int,
    as_of: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """org_type, cluster, hours, value_dkk, organisations of in-kind with month in the window."""
    return run("inkind", _scope(year, as_of, clusters, themes), warehouse)


# --- explorer ---------------------------------------------------------------------------------


def _explorer_params(
    date_from: date | None,
    date_to: date | None,
    clusters: Codes,
    themes: Codes,
    regions: Codes,
    technologies: Codes,
    activity_types: Codes,
    org_types: Codes,
    sme: bool | None,
    countries: Codes,
    statuses: Codes,
) -> dict:
    return {
        "date_from": date_from,
        "date_to": date_to,
        "clusters": _codes(clusters),
        "themes": _codes(themes),
        "regions": _codes(regions),
        "technologies": _codes(technologies),
        "activity_types": _codes(activity_types),
        "org_types": _codes(org_types),
        "sme": sme,
        "countries": _codes(countries),
        "statuses": _codes(statuses),
    }


def explorer_rows(
    date_from: date | None = None,
    date_to: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    regions: Codes = None,
    technologies: Codes = None,
    activity_types: Codes = None,
    org_types: Codes = None,
    sme: bool | None = None,
    countries: Codes = None,
    statuses: Codes = None,
    drill_dim: str | None = None,
    drill_keys: Codes = None,
    limit: int | None = None,
    lead_clusters: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """One row per (activity, organisation) matching every filter, at most `limit` rows (None:
    all); the column total_rows holds the number of matching rows before the limit.

    regions, org_types, sme and countries filter on the organisation; the dates, clusters (lead),
    themes, technologies (vocabulary.NO_TECHNOLOGY for none), activity_types and statuses on
    the activity.
    drill_dim (a PIVOT_DIMENSIONS name) and drill_keys keep the rows of those pivot keys.
    lead_clusters: the user's access (None: all; else only activities led by those clusters).
    """
    if drill_keys and drill_dim not in PIVOT_DIMENSIONS:
        raise ValueError(f"unknown drill dimension {drill_dim!r}")
    params = _explorer_params(
        date_from,
        date_to,
        clusters,
        themes,
        regions,
        technologies,
        activity_types,
        org_types,
        sme,
        countries,
        statuses,
    )
    params["lead_clusters"] = _access(lead_clusters)
    params["drill_dim"] = drill_dim
    params["drill_keys"] = _codes(drill_keys)
    params["limit"] = limit
    return run("explorer_rows", params, warehouse)


def explorer_pivot(
    row_dim: str,
    col_dim: str = "none",
    date_from: date | None = None,
    date_to: date | None = None,
    clusters: Codes = None,
    themes: Codes = None,
    regions: Codes = None,
    technologies: Codes = None,
    activity_types: Codes = None,
    org_types: Codes = None,
    sme: bool | None = None,
    countries: Codes = None,
    statuses: Codes = None,
    lead_clusters: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """row_key, col_key ('*' without columns) and every measure of PIVOT_MEASURES, for the rows
    explorer_rows would return with the same filters."""
    if row_dim not in PIVOT_DIMENSIONS or col_dim not in (*PIVOT_DIMENSIONS, "none"):
        raise ValueError(f"unknown pivot dimension {row_dim!r} / {col_dim!r}")
    params = _explorer_params(
        date_from,
        date_to,
        clusters,
        themes,
        regions,
        technologies,
        activity_types,
        org_types,
        sme,
        countries,
        statuses,
    )
    params["lead_clusters"] = _access(lead_clusters)
    params["row_dim"] = row_dim
    params["col_dim"] = col_dim
    return run("explorer_pivot", params, warehouse)


def explorer_options(warehouse: PathLike = None) -> dict:
    """countries (list of codes), first_date and last_date of the activities."""
    row = run("explorer_options", warehouse=warehouse).iloc[0].to_dict()
    countries = row.get("countries")
    row["countries"] = list(countries) if countries is not None else []
    for key in ("first_date", "last_date"):
        value = row.get(key)
        row[key] = None if value is None or pd.isna(value) else pd.Timestamp(value).date()
    return row


# --- data quality -----------------------------------------------------------------------------


def load_runs(warehouse: PathLike = None) -> pd.DataFrame:
    """The load history (load_runs), newest first."""
    return run("load_runs", warehouse=warehouse)


def load_log(warehouse: PathLike = None, *, file_clusters: Codes = None) -> pd.DataFrame:
    """Every file of every load with its counts (load_log), newest load first.

    file_clusters: the user's access (None: every file; else only files whose name carries only
    those cluster codes, so no secretariat file)."""
    return run("load_log", {"file_clusters": _access(file_clusters)}, warehouse)


def load_skipped(
    load_ids: Iterable[int] | None = None,
    file_clusters: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """The entries of the input folder a load did not read: load_id, entry_name, reason (a
    vocabulary code), message, size_bytes (file_clusters: the user's access, as for `load_log`).
    A warehouse built before loads kept this account has none."""
    ids = [int(i) for i in load_ids] if load_ids else None
    params = {"load_ids": ids, "file_clusters": _access(file_clusters)}
    with connect_read_only(warehouse) as con:
        known = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'load_skipped'"
        ).fetchone()[0]
    if not known:
        return pd.DataFrame(columns=["load_id", "entry_name", "reason", "message", "size_bytes"])
    return run("load_skipped", params, warehouse)


def quarantine(
    load_ids: Iterable[int] | None = None,
    files: Codes = None,
    kinds: Codes = None,
    rules: Codes = None,
    file_clusters: Codes = None,
    warehouse: PathLike = None,
) -> pd.DataFrame:
    """Quarantined rows with file, row number, column, rule, original value and message
    (file_clusters: the user's access, as for `load_log`)."""
    ids = [int(i) for i in load_ids] if load_ids else None
    params = {
        "load_ids": ids,
        "files": _codes(files),
        "kinds": _codes(kinds),
        "rules": _codes(rules),
        "file_clusters": _access(file_clusters),
    }
    return run("quarantine", params, warehouse)


def last_delivery(warehouse: PathLike = None, *, file_clusters: Codes = None) -> pd.DataFrame:
    """cluster ('' for the secretariat), kind, delivered_at, file_name, last_load_id
    (file_clusters: the user's access, as for `load_log`)."""
    return run("last_delivery", {"file_clusters": _access(file_clusters)}, warehouse)
