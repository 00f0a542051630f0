"""Who may take which rows out of the dashboard: the one rule from a role to its data scope.

A role's `DataScope` is the set of lead clusters whose rows it may see and download (None: the
whole network). The rule is written here once and applied in the data layer, never on a page:

- the dashboard's query functions (`QUERY_SCOPE`: the parameter that restricts each one, applied
  by `ui.data` to every call, also to the downloads built on click);
- the ministry report (`REPORT_QUERY_SCOPE`: the report queries that take `$clusters`, applied by
  `report.data.load_report_data(clusters=...)`).

Rows are activities (by their lead cluster) and what hangs on them: participations and the
organisations in them, in-kind entries, the companies seen in the activities, the cluster's own
funding rows in the report; and loaded files and their quarantined rows (by the cluster code in
the file's name: `participations_LSI_2020Q4.csv`). Figures (KPI values, counts and sums by
cluster, region, theme or quarter) are not rows: every role sees the network's figures.
docs/operations.md has the table of every download and what each role gets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: role -> what it may see: "network" (every row) or "own_cluster" (rows of its cluster only).
#: A role that is not here sees nothing.
ROLE_SCOPES: dict[str, str] = {
    "open": "network",
    "steering": "network",
    "ministry": "network",
    "cluster_lead": "own_cluster",
}


@dataclass(frozen=True)
class DataScope:
    """The lead clusters whose rows may leave the dashboard (None: every cluster's)."""

    clusters: tuple[str, ...] | None = None

    @property
    def whole_network(self) -> bool:
        """True when nothing is restricted."""
        return self.clusters is None

    def as_parameter(self) -> list[str] | None:
        """The scope as a query parameter: NULL for everything, else the list (even empty)."""
        return None if self.clusters is None else list(self.clusters)


NETWORK = DataScope(None)
NOTHING = DataScope(())


def scope_for(role: str | None, cluster: str | None = None) -> DataScope:
    """The DataScope of a role (and a cluster lead's cluster); NOTHING for anything unknown."""
    kind = ROLE_SCOPES.get(role or "")
    if kind == "network":
        return NETWORK
    if kind == "own_cluster" and isinstance(cluster, str) and cluster:
        return DataScope((cluster,))
    return NOTHING


#: Every query function of warehouse.queries -> the parameter that restricts its rows to a scope
#: (lead_clusters: activities by lead cluster; file_clusters: files and their quarantined rows
#: by the cluster code in the file name), or None when it returns figures or codes only.
QUERY_SCOPE: dict[str, str | None] = {
    "explorer_rows": "lead_clusters",
    "explorer_pivot": "lead_clusters",
    "quarantine": "file_clusters",
    "load_log": "file_clusters",
    "load_skipped": "file_clusters",
    "last_delivery": "file_clusters",
    "dimensions": None,
    "warehouse_info": None,
    "headline": None,
    "reach_by_region": None,
    "theme_technology": None,
    "theme_pairs": None,
    "region_matrix": None,
    "cluster_network": None,
    "international": None,
    "funding": None,
    "inkind": None,
    "explorer_options": None,
    "load_runs": None,
}

#: Every query of warehouse/sql/report -> True when it returns rows and takes `$clusters`
#: (NULL: every cluster), False when it returns figures of the whole network only.
REPORT_QUERY_SCOPE: dict[str, bool] = {
    "activities": True,
    "companies": True,
    "inkind_by_org": True,
    "cofinancing_by_region": True,
    "cofinancing_totals": True,
    "grant_by_quarter": True,
    "load_files": True,
    "quarantine_by_rule": True,
    "load_run": False,
    "years": False,
}


def scoped_kwargs(name: str, kwargs: Mapping[str, Any], scope: DataScope) -> dict[str, Any]:
    """`kwargs` of query `name` with `scope` applied (overriding whatever the caller gave).

    Raises KeyError for a query without a rule here, so a new query cannot leave unrestricted.
    """
    if name not in QUERY_SCOPE:
        raise KeyError(f"query {name!r} has no scope rule in warehouse.scope.QUERY_SCOPE")
    param = QUERY_SCOPE[name]
    if param is None:
        return dict(kwargs)
    return {**kwargs, param: scope.as_parameter()}


def clusters_of(value: Sequence[str] | DataScope | None) -> DataScope:
    """A DataScope from a sequence of cluster codes (None: the whole network)."""
    if isinstance(value, DataScope):
        return value
    if value is None:
        return NETWORK
    if isinstance(value, str):
        return DataScope((value,))
    return DataScope(tuple(str(c) for c in value))
