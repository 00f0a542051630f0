"""The targets of the sample: each KPI's actual value, as the KPI engine computes it, ÷ a factor.

The generator writes the data files first, loads them into a throwaway warehouse with the real
load (which quarantines the deliberate defects, so they never count) and asks the KPI engine
(warehouse/kpi.py) for every actual value; docs/kpis.md has the counting rules.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from etl.load import load_warehouse
from etl.sample_network import CLUSTERS, YEARS
from warehouse.kpi import kpi_table
from warehouse.kpi_catalogue import KPI_IDS, kpi_catalogue

# The day the sample's two years are complete: every KPI counts its whole year.
AS_OF = date(2020, 12, 31)
Actuals = dict[tuple[str, int, str], float | None]


def _link_or_copy(source: Path, target: Path) -> None:
    """Hard-link `source` to `target` (no copy of a large file); copy across file systems."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def engine_actuals(files: list[Path]) -> Actuals:
    """Load `files` into a throwaway warehouse; return {(kpi, year, scope): actual or None}.

    Scopes are 'ALL' and each cluster. Raises RuntimeError if the load rejects the files.
    """
    with tempfile.TemporaryDirectory(prefix="healthtech-sample-") as tmp:
        inputs = Path(tmp) / "input"
        inputs.mkdir()
        for path in files:
            _link_or_copy(path, inputs / path.name)
        warehouse = Path(tmp) / "check.duckdb"
        result = load_warehouse(inputs, warehouse)
        if result.status != "loaded":
            raise RuntimeError(f"the generated sample does not load: {result.message}")
        tables = [kpi_table(None, by, AS_OF, warehouse=warehouse) for by in ("national", "cluster")]
    actual: Actuals = {}
    for row in pd.concat(tables).itertuples(index=False):
        value = float(row.actual)
        actual[(row.kpi_id, int(row.year), row.scope)] = None if math.isnan(value) else value
    return actual


def calibrated_targets(actual: Actuals, seed: int) -> pd.DataFrame:
    """Targets = actual ÷ factor: about half achieved, a third close, the rest missed."""
    units = {kpi.id: kpi.unit for kpi in kpi_catalogue()}
    rng = np.random.default_rng([seed, 999_999])
    rows = []
    for year in YEARS:
        for scope in ("ALL", *CLUSTERS):
            for kpi in KPI_IDS:
                value = actual.get((kpi, year, scope))
                band = rng.choice(3, p=[0.5, 0.33, 0.17])  # achieved, close, missed
                factor = (
                    rng.uniform(1.04, 1.35),
                    rng.uniform(0.80, 0.95),
                    rng.uniform(0.45, 0.70),
                )[band]
                if units[kpi] == "%":
                    base = value if value else 50.0
                    target = round(min(base / factor, 100.0), 1)
                elif units[kpi] == "ratio":
                    target = round((value if value else 1.0) / factor, 2)
                elif units[kpi] == "DKK":
                    target = float(round((value or 500_000) / factor, -4)) or 10_000.0
                else:
                    target = float(max(1, round((value or 2) / factor)))
                rows.append((kpi, year, scope, target))
    frame = pd.DataFrame(rows, columns=["kpi_id", "year", "scope", "target"])
    frame["target"] = [
        str(int(v)) if float(v).is_integer() else f"{v:.2f}".rstrip("0") for v in frame["target"]
    ]
    return frame
