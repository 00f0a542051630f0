"""The KPI catalogue (warehouse/kpi_catalogue.toml): the 18 KPI ids of docs/kpis.md, their
goals, names, definitions, units and SQL file names, checked when first read."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import pandas as pd

CATALOGUE_FILE = Path(__file__).with_name("kpi_catalogue.toml")
CATALOGUE_FILE = Path(__file__).with_name("kpi_catalogue.toml")

# The KPI ids of docs/kpis.md, in catalogue order. The catalogue must hold exactly these.
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
    sets: tuple[str, ...]  # the shared sets its SQL reads (warehouse/sql/kpi/sets/)

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
            sets=tuple(k["sets"]),
        )
        for k in data["kpi"]
    )
    ids = tuple(d.id for d in defs)
    if ids != KPI_IDS:
        raise ValueError(f"{CATALOGUE_FILE.name}: KPI ids {ids} differ from docs/kpis.md {KPI_IDS}")
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
