"""Cached access to the warehouse's query functions and the KPI engine for the pages.

Every call is cached with `st.cache_data`, keyed on the function, its arguments, the warehouse's
path and `warehouse.db.warehouse_version()`: a new `healthtech load` swaps the file, the version
changes, and the next interaction reads the new data without a restart. The functions in
`warehouse.queries` and `warehouse.kpi` open and close their own read-only connection, so no
connection outlives a query.

The user's access is applied here, not on the pages: `query()` passes this run's data scope
(`ui.access.data_scope()`) to every query as `warehouse.scope.QUERY_SCOPE` says (overriding
whatever the caller gave), so a cluster lead's Explorer and Data quality only ever read their
cluster's rows; a query without a rule there raises instead of reading.
"""

from __future__ import annotations

import inspect
from datetime import date
from typing import Any

import streamlit as st

from ui import access
from warehouse import kpi as kpi_engine
from warehouse import kpi_catalogue as kpi_catalogue_module
from warehouse import queries
from warehouse.db import outdated_build, warehouse_path, warehouse_version
from warehouse.scope import scoped_kwargs

CACHE_ENTRIES = 512


def _freeze(value: Any) -> Any:
    """Make arguments hashable and canonical (lists and sets become sorted tuples)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        items = [_freeze(v) for v in value]
        return tuple(sorted(items, key=str)) if isinstance(value, set | frozenset) else tuple(items)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


def current_warehouse() -> tuple[str, str]:
    """(path, version) of the warehouse the app reads now."""
    path = str(warehouse_path())
    return path, warehouse_version(path)


def warehouse_exists() -> bool:
    """True if the warehouse file exists."""
    return warehouse_version(warehouse_path()) != "missing"


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def _cached_outdated(version: str, path: str) -> bool:
    del version  # part of the cache key only
    return outdated_build(path)


def warehouse_state() -> str:
    """'missing' (no file), 'outdated' (built by another version of the code: load again) or
    'ready'."""
    path, version = current_warehouse()
    if version == "missing":
        return "missing"
    return "outdated" if _cached_outdated(version, path) else "ready"


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def _cached_query(name: str, version: str, path: str, kwargs: tuple) -> Any:
    del version  # part of the cache key only
    func = getattr(queries, name)
    return func(**{k: _thaw(v) for k, v in kwargs}, warehouse=path)


def restricted(name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """`kwargs` of query `name` with this run's data scope applied (warehouse.scope's rule)."""
    return scoped_kwargs(name, kwargs, access.data_scope())


def query(name: str, **kwargs: Any) -> Any:
    """Call `warehouse.queries.<name>(**kwargs)` through the cache, within the user's access."""
    kwargs = restricted(name, kwargs)
    path, version = current_warehouse()
    return _cached_query(name, version, path, _freeze(kwargs))


# --- the KPI engine (warehouse/kpi.py) ----------------------------------------------------------


# the engine's functions the dashboard calls through the cache, by name (an allow-list; looked up
# at call time, so a test that replaces one is heard)
_KPI_FUNCTIONS = {
    "kpi_table": (kpi_engine, "kpi_table"),
    "kpi_monthly": (kpi_engine, "kpi_monthly"),
    "kpi_catalogue_frame": (kpi_catalogue_module, "kpi_catalogue_frame"),
}


def _call_kpi(name: str, path: str, kwargs: dict) -> Any:
    """Call the engine's function `name`, on the warehouse at `path` if it takes one."""
    module, attribute = _KPI_FUNCTIONS[name]
    func = getattr(module, attribute)
    if "warehouse" in inspect.signature(func).parameters:
        kwargs = {**kwargs, "warehouse": path}
    return func(**kwargs)


def _thaw_kwargs(kwargs: tuple) -> dict[str, Any]:
    """The keyword arguments frozen by _freeze, back as lists and a filters dict."""
    thawed = {}
    for key, value in kwargs:
        if key == "filters" and value is not None:
            value = {k: _thaw(v) for k, v in value}
        thawed[key] = _thaw(value)
    return thawed


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def _cached_kpi(name: str, version: str, path: str, kwargs: tuple) -> Any:
    del version  # part of the cache key only
    return _call_kpi(name, path, _thaw_kwargs(kwargs))


def kpi_filters(
    clusters: tuple[str, ...] = (), themes: tuple[str, ...] = (), **more: tuple[str, ...]
) -> dict | None:
    """The KPI engine's `filters` dict for the chosen codes (None if nothing is chosen)."""
    chosen = {"clusters": list(clusters), "themes": list(themes)}
    chosen.update({k: list(v) for k, v in more.items()})
    chosen = {k: v for k, v in chosen.items() if v}
    return chosen or None


def kpi_table(
    year: int, by: str = "national", as_of: date | None = None, filters: dict | None = None
) -> Any:
    """`warehouse.kpi.kpi_table` through the cache."""
    path, version = current_warehouse()
    kwargs = {"year": year, "by": by, "as_of": as_of, "filters": filters}
    return _cached_kpi("kpi_table", version, path, _freeze(kwargs))


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def _cached_scorecard(version: str, path: str, kwargs: tuple) -> Any:
    del version  # part of the cache key only
    from warehouse.forecast import kpi_scorecard as scorecard

    return scorecard(**_thaw_kwargs(kwargs), warehouse=path)


def kpi_scorecard(
    year: int,
    by: str = "national",
    as_of: date | None = None,
    filters: dict | None = None,
    previous: bool = False,
) -> Any:
    """`warehouse.forecast.kpi_scorecard` (KPI table, forecast, last year) through the cache."""
    path, version = current_warehouse()
    kwargs = {"year": year, "by": by, "as_of": as_of, "filters": filters, "previous": previous}
    return _cached_scorecard(version, path, _freeze(kwargs))


def kpi_monthly(
    kpi_id: str,
    year: int,
    by: str = "national",
    as_of: date | None = None,
    filters: dict | None = None,
) -> Any:
    """`warehouse.kpi.kpi_monthly` through the cache."""
    path, version = current_warehouse()
    kwargs = {"kpi_id": kpi_id, "year": year, "by": by, "as_of": as_of, "filters": filters}
    return _cached_kpi("kpi_monthly", version, path, _freeze(kwargs))


def kpi_catalogue() -> Any:
    """`warehouse.kpi_catalogue.kpi_catalogue_frame()` (id, goal, goal_da, goal_en, name_da,
    name_en, definition_da, definition_en, unit, decimals) through the cache."""
    path, version = current_warehouse()
    return _cached_kpi("kpi_catalogue_frame", version, path, ())
