"""Time the full KPI table (kpi_table) beside the same KPIs computed with pandas alone.

What is measured: all 18 KPIs, by cluster, year 2020, as-of 2020-12-31.
- ours: `warehouse.kpi.kpi_table` (opens the warehouse read-only, builds the shared KPI sets as
  temporary tables, runs the KPI SQL, builds the grid, targets and status, closes it).
- reference: `kpis_pandas` (tests/kpi_oracle.py), the independent pandas oracle of the counting
  rules. The tables are read into DataFrames once with one connection before timing; only the
  computation is timed (the read time is reported in the row's `what`).
The two must agree on every actual value, else `run` raises.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from pathlib import Path

from tests.kpi_oracle import compare, kpis_pandas, read_tables
from warehouse.kpi import kpi_table
from warehouse.kpi_catalogue import KPI_IDS

YEAR = 2020
AS_OF = date(2020, 12, 31)


def run(scale: int, warehouse: Path, repeats: int = 5) -> list[dict]:
    """Measure kpi_table beside kpis_pandas on `warehouse`; raise if they disagree."""
    start = time.perf_counter()
    tables = read_tables(warehouse)
    read_s = time.perf_counter() - start
    ours_times, reference_times = [], []
    ours = reference = None
    for _ in range(repeats):
        start = time.perf_counter()
        ours = kpi_table(YEAR, "cluster", AS_OF, warehouse=warehouse)
        ours_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        reference = kpis_pandas(tables, YEAR, AS_OF, by="cluster")
        reference_times.append(time.perf_counter() - start)
    problems = compare(ours, reference)
    if problems:
        raise AssertionError("kpi_table and kpis_pandas disagree:\n" + "\n".join(problems[:20]))
    ours_s = statistics.median(ours_times)
    reference_s = statistics.median(reference_times)
    return [
        {
            "section": "KPIs",
            "what": (
                f"all {len(KPI_IDS)} KPIs by cluster, {YEAR}, as of {AS_OF} (kpi_table incl. "
                f"open/close; pandas: compute only, its read took {read_s * 1000:.0f} ms)"
            ),
            "scale": scale,
            "ours_s": ours_s,
            "reference_s": reference_s,
            "reference": "pandas",
            "ratio": ours_s / reference_s if reference_s else None,
            "runs": repeats,
        }
    ]


if __name__ == "__main__":
    import sys

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("warehouse/healthtech.duckdb")
    for row in run(0, path, repeats=3):
        print(row)
