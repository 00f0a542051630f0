"""Time all 18 burn-up series by cluster for one year (`warehouse.kpi.kpi_monthly`).

What is measured: one run asks `kpi_monthly(kpi_id, 2020, by="cluster", as_of=2020-12-31)` for
every KPI id, one after another, as the Overview's burn-up does for the KPI a user opens; wall
time and the CPU time of the bench's process (every thread, DuckDB's included) over the run.
Each call opens the warehouse read-only and closes it. No reference: the KPI table for the
same year is the check, not a baseline: each series' December value must equal the table's
actual for that KPI and cluster (as of 31 December), else `run` raises.

    python -m bench.bench_burnup --warehouse warehouse/healthtech.duckdb
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from datetime import date
from pathlib import Path

import pandas as pd

YEAR = 2020
AS_OF = date(2020, 12, 31)
HOW = "in-process: kpi_monthly() for each KPI in turn, each opening the warehouse file"


def all_series(warehouse: Path) -> dict[str, pd.DataFrame]:
    """The burn-up series of every KPI, by cluster, for YEAR as of AS_OF."""
    from warehouse.kpi import kpi_monthly
    from warehouse.kpi_catalogue import KPI_IDS

    return {
        kpi_id: kpi_monthly(kpi_id, YEAR, by="cluster", as_of=AS_OF, warehouse=warehouse)
        for kpi_id in KPI_IDS
    }


def december_mismatches(series: dict[str, pd.DataFrame], table: pd.DataFrame) -> list[str]:
    """Where a series' December value differs from the KPI table's actual (empty: they agree)."""
    problems = []
    expected = {(r.kpi_id, r.scope): r.actual for r in table.itertuples(index=False)}
    for kpi_id, frame in series.items():
        december = frame[frame["month"] == pd.Timestamp(YEAR, 12, 1)]
        if december.empty:
            problems.append(f"{kpi_id}: no December value")
        for r in december.itertuples(index=False):
            want = expected.get((kpi_id, r.scope))
            if want is None:
                problems.append(f"{kpi_id} {r.scope}: not in the KPI table")
                continue
            a, b = float(r.actual), float(want)
            both_nan = math.isnan(a) and math.isnan(b)
            if not both_nan and not (abs(a - b) <= 1e-9 * max(1.0, abs(b))):
                problems.append(f"{kpi_id} {r.scope}: burn-up {a} vs KPI table {b}")
    return problems


def run(scale: int, warehouse: Path, repeats: int = 3) -> list[dict]:
    """Median wall and CPU time of all 18 burn-up series on `warehouse` (built at `scale`)."""
    from warehouse.kpi import kpi_table
    from warehouse.kpi_catalogue import KPI_IDS

    walls, cpus = [], []
    series: dict[str, pd.DataFrame] = {}
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        series = all_series(warehouse)
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    problems = december_mismatches(series, kpi_table(YEAR, "cluster", AS_OF, warehouse=warehouse))
    if problems:
        raise AssertionError("burn-up and KPI table disagree:\n" + "\n".join(problems[:20]))
    points = sum(len(frame) for frame in series.values())
    return [
        {
            "section": "Burn-up",
            "what": (
                f"all {len(KPI_IDS)} burn-up series by cluster, {YEAR}, as of {AS_OF} "
                f"({points} month-end values)"
            ),
            "scale": scale,
            "ours_s": statistics.median(walls),
            "cpu_s": statistics.median(cpus),
            "reference_s": None,
            "reference": "",
            "ratio": None,
            "runs": repeats,
            "how": HOW,
            "goals": [{"metric": "ours_s", "limit": 3.0, "scale": 1000, "text": "≤ 3 s"}],
        }
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for row in run(0, args.warehouse, args.repeats):
        print(f"{row['what']}: wall {row['ours_s']:.2f} s, CPU {row['cpu_s']:.2f} s")


if __name__ == "__main__":
    main()
