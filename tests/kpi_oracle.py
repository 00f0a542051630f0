"""The independent pandas oracle of the 18 KPIs: the counting rules of docs/kpis.md, in pandas.

It shares no code with the KPI engine (warehouse/kpi.py and its SQL); tests/test_kpi_pandas.py
checks that both agree, and the benchmark (bench/bench_kpis.py) times the engine beside it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from warehouse.kpi_catalogue import KPI_IDS

TABLES = (
    "activities",
    "activity_partners",
    "participations",
    "organisations",
    "inkind",
    "funding",
    "applications",
    "outcomes",
    "dim_cluster",
)


def read_tables(warehouse: Path) -> dict[str, pd.DataFrame]:
    """Read the tables the KPIs need into DataFrames, with one read-only connection."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {name: con.execute(f"SELECT * FROM {name}").df() for name in TABLES}  # noqa: S608
    finally:
        con.close()


def _round(value: float, decimals: int) -> float:
    """Round half away from zero (as DuckDB's round)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    factor = 10**decimals
    return float(np.sign(value) * np.floor(abs(value) * factor + 0.5) / factor)


def kpis_pandas(
    tables: dict[str, pd.DataFrame], year: int, as_of: date, by: str = "cluster"
) -> pd.DataFrame:
    """The actual value of every KPI for one year, by cluster or national, with pandas alone.

    Returns kpi_id, scope, actual (float, NaN for no value); one row per KPI and scope value.
    """
    if by not in ("cluster", "national"):
        raise ValueError("kpis_pandas supports by='cluster' and by='national'")
    ts_as_of = pd.Timestamp(as_of)
    clusters = tables["dim_cluster"].sort_values("sort_order")["code"].tolist()
    scopes = clusters if by == "cluster" else ["ALL"]

    def scope_of(lead: pd.Series) -> pd.Series:
        return lead.astype(object) if by == "cluster" else pd.Series("ALL", index=lead.index)

    acts = tables["activities"].copy()
    acts["start_date"] = pd.to_datetime(acts["start_date"])
    acts["scope"] = scope_of(acts["lead_cluster"])
    counted = acts[
        (acts["status"] == "completed")
        & (acts["start_date"].dt.year == year)
        & (acts["start_date"] <= ts_as_of)
    ]
    orgs = tables["organisations"]
    parts = (
        tables["participations"]
        .merge(counted, on="activity_id")
        .merge(orgs, on="org_id", suffixes=("_act", "_org"))
    )
    # after the merge: region_act/region_org, country_act/country_org
    companies = parts[parts["org_type"] == "company"]

    results: dict[str, pd.Series] = {}

    def distinct(frame: pd.DataFrame, column: str = "org_id") -> pd.Series:
        return frame.groupby("scope")[column].nunique()

    results["G1.companies"] = distinct(companies)
    smes = companies[companies["employees"].notna() & (companies["employees"] < 250)]
    results["G1.smes"] = distinct(smes)
    projects = parts[parts["activity_type"] == "innovation_project"]
    with_ki = set(projects.loc[projects["org_type"] == "knowledge_institution", "activity_id"])
    results["G1.companies_with_knowledge"] = distinct(
        companies[companies["activity_id"].isin(with_ki)]
    )

    inkind = tables["inkind"].copy()
    inkind["month"] = pd.to_datetime(inkind["month"])
    inkind = inkind[(inkind["month"].dt.year == year) & (inkind["month"] <= ts_as_of)]
    inkind = inkind.merge(acts[["activity_id", "scope"]], on="activity_id").merge(
        orgs[["org_id", "org_type"]], on="org_id"
    )
    inkind["value"] = inkind["value_dkk"].astype(float)
    results["G1.inkind_dkk"] = (
        inkind[inkind["org_type"] == "company"].groupby("scope")["value"].sum()
    )

    out = tables["outcomes"]
    out = out[(out["year"] == year) & out["new_product"] & (pd.Timestamp(year, 1, 1) <= ts_as_of)]
    out = out.merge(orgs[["org_id", "org_type"]], on="org_id")
    out = out[out["org_type"] == "company"]
    if by == "national":
        results["G1.new_products"] = pd.Series({"ALL": out["org_id"].nunique()})
    else:
        results["G1.new_products"] = distinct(parts[parts["org_id"].isin(set(out["org_id"]))])

    results["G2.activities"] = counted.groupby("scope")["activity_id"].count()
    results["G2.user_involving"] = (
        counted[counted["users_involved"].astype(bool)].groupby("scope")["activity_id"].count()
    )
    results["G2.healthcare_orgs"] = distinct(
        parts[parts["org_type"].isin(["region", "municipality"])]
    )
    partnered = set(tables["activity_partners"]["activity_id"])
    results["G3.cross_cluster"] = (
        counted[counted["activity_id"].isin(partnered)].groupby("scope")["activity_id"].count()
    )
    danish = projects[(projects["country_org"] == "DK") & projects["region_org"].notna()]
    regions = danish.groupby(["scope", "activity_id"])["region_org"].nunique()
    results["G3.cross_regional_projects"] = (regions >= 2).groupby(level="scope").sum()

    eligible = parts[
        parts["region_act"].notna() & (parts["country_org"] == "DK") & parts["region_org"].notna()
    ]
    outside = (eligible["region_org"] != eligible["region_act"]).groupby(eligible["scope"])
    results["G3.outside_region_pct"] = (outside.sum() / outside.count() * 100).map(
        lambda v: _round(v, 1)
    )

    international = counted[
        (counted["country"] != "DK") | (counted["activity_type"] == "deep_dive")
    ]
    results["G4.international_activities"] = international.groupby("scope")["activity_id"].count()
    results["G4.international_orgs"] = distinct(parts[parts["country_org"] != "DK"])
    results["G4.companies_international"] = distinct(
        companies[
            companies["activity_id"].isin(set(international["activity_id"]))
            & (companies["country_org"] == "DK")
        ]
    )

    apps = tables["applications"].copy()
    apps["submitted_date"] = pd.to_datetime(apps["submitted_date"])
    apps = apps[(apps["submitted_date"].dt.year == year) & (apps["submitted_date"] <= ts_as_of)]
    apps = apps.merge(acts[["activity_id", "scope"]], on="activity_id")
    results["F.applications"] = apps.groupby("scope")["application_id"].count()
    granted = apps[apps["status"] == "granted"].copy()
    granted["amount"] = granted["amount_granted_dkk"].astype(float)
    results["F.granted_dkk"] = granted.groupby("scope")["amount"].sum()

    fund = tables["funding"].copy()
    fund["period_start"] = pd.to_datetime(fund["period_start"])
    fund = fund[(fund["year"] == year) & (fund["period_start"] <= ts_as_of)].copy()
    fund["scope"] = scope_of(fund["cluster"])
    fund["amount"] = fund["amount_dkk"].astype(float)

    def funding_sum(source: str, flow: str) -> pd.Series:
        rows = fund[(fund["source"] == source) & (fund["flow"] == flow)]
        return rows.groupby("scope")["amount"].sum().reindex(scopes, fill_value=0.0)

    ministry_spent = funding_sum("ministry", "spent")
    ministry_allocated = funding_sum("ministry", "allocated")
    utilisation = (ministry_spent / ministry_allocated.replace(0.0, np.nan) * 100).map(
        lambda v: _round(v, 1)
    )
    results["F.grant_utilisation_pct"] = utilisation
    all_inkind = inkind.groupby("scope")["value"].sum().reindex(scopes, fill_value=0.0)
    cofinancing = (all_inkind + funding_sum("region", "spent")) / ministry_spent.replace(
        0.0, np.nan
    )
    results["F.cofinancing_ratio"] = cofinancing.map(lambda v: _round(v, 2))

    rows = []
    for kpi_id in KPI_IDS:
        series = results[kpi_id]
        ratio_like = kpi_id in (
            "G3.outside_region_pct",
            "F.grant_utilisation_pct",
            "F.cofinancing_ratio",
        )
        for scope in scopes:
            value = series.get(scope, np.nan if ratio_like else 0)
            rows.append({"kpi_id": kpi_id, "scope": scope, "actual": float(value)})
    return pd.DataFrame(rows)


def compare(ours: pd.DataFrame, reference: pd.DataFrame) -> list[str]:
    """Return the differences between kpi_table's actuals and kpis_pandas' (empty: agree)."""
    merged = ours[["kpi_id", "scope", "actual"]].merge(
        reference,
        on=["kpi_id", "scope"],
        how="outer",
        suffixes=("_sql", "_pandas"),
        indicator="side",
    )
    problems = []
    for r in merged.itertuples(index=False):
        a, b = r.actual_sql, r.actual_pandas
        if r.side != "both":
            problems.append(f"{r.kpi_id} {r.scope}: only in {r.side}")
        elif np.isnan(a) != np.isnan(b) or (not np.isnan(a) and abs(a - b) > 1e-6 * max(1, abs(b))):
            problems.append(f"{r.kpi_id} {r.scope}: SQL {a} vs pandas {b}")
    return problems
