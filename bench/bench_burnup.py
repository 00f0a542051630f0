"""Time all 18 burn-up series by cluster for one year (`warehouse.kpi`).

What is measured, three ways, on the same warehouse: (1) all 18 series in one call,
`kpi_monthly_series(KPI_IDS, 2020, by="cluster", as_of=2020-12-31)`: one evaluation at twelve
month-end points; (2) `kpi_monthly(kpi_id, ...)` for every KPI id, one after another, as the
Overview's burn-up asks for the KPI a user opens; (3) of those, the slowest single KPI's call.
Wall time and the CPU time of the bench's process (every thread, DuckDB's included). Each call
opens the warehouse read-only and closes it. No reference: the KPI table for the same year is
the check, not a baseline: each series' December value must equal the table's actual for that
KPI and cluster (as of 31 December), and the two ways must give the same series, else `run`
raises.

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
HOW_ONE_CALL = "in-process: one kpi_monthly_series() call for all 18 KPIs, opening the file once"
HOW_PER_KPI = "in-process: kpi_monthly() for each KPI in turn, each opening the warehouse file"


def one_call(warehouse: Path) -> dict[str, pd.DataFrame]:
    """The burn-up series of every KPI, by cluster, for YEAR as of AS_OF, in one call."""
    from warehouse.kpi import MONTHLY_COLUMNS, kpi_monthly_series
    from warehouse.kpi_catalogue import KPI_IDS

    frame = kpi_monthly_series(KPI_IDS, YEAR, by="cluster", as_of=AS_OF, warehouse=warehouse)
    return {
        kpi_id: rows[MONTHLY_COLUMNS].reset_index(drop=True)
        for kpi_id, rows in frame.groupby("kpi_id", sort=False)
    }


def per_kpi(warehouse: Path) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """The same series, one kpi_monthly call per KPI, with each call's wall time."""
    from warehouse.kpi import kpi_monthly
    from warehouse.kpi_catalogue import KPI_IDS

    series, walls = {}, {}
    for kpi_id in KPI_IDS:
        start = time.perf_counter()
        series[kpi_id] = kpi_monthly(kpi_id, YEAR, by="cluster", as_of=AS_OF, warehouse=warehouse)
        walls[kpi_id] = time.perf_counter() - start
    return series, walls


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


def _timed(fn) -> tuple[float, float, object]:
    """(wall time, CPU time of this process, result) of one call of fn()."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def run(scale: int, warehouse: Path, repeats: int = 3) -> list[dict]:
    """Median wall and CPU time of all 18 burn-up series on `warehouse` (built at `scale`)."""
    from warehouse.kpi import kpi_table
    from warehouse.kpi_catalogue import KPI_IDS

    one, each, per_call_walls = [], [], []
    together: dict[str, pd.DataFrame] = {}
    apart: dict[str, pd.DataFrame] = {}
    for _ in range(repeats):  # in turn, so that both ways see the same machine
        wall, cpu, together = _timed(lambda: one_call(warehouse))
        one.append((wall, cpu))
        wall, cpu, (apart, walls) = _timed(lambda: per_kpi(warehouse))
        each.append((wall, cpu))
        per_call_walls.append(walls)
    one_wall, one_cpu = (statistics.median(x) for x in zip(*one, strict=True))
    each_wall, each_cpu = (statistics.median(x) for x in zip(*each, strict=True))
    table = kpi_table(YEAR, "cluster", AS_OF, warehouse=warehouse)
    problems = december_mismatches(together, table) + december_mismatches(apart, table)
    for kpi_id in KPI_IDS:
        if not together[kpi_id].equals(apart[kpi_id]):
            problems.append(f"{kpi_id}: one call and its own call give different series")
    if problems:
        raise AssertionError("burn-up and KPI table disagree:\n" + "\n".join(problems[:20]))
    slowest = max(KPI_IDS, key=lambda k: statistics.median(w[k] for w in per_call_walls))
    slowest_wall = statistics.median(w[slowest] for w in per_call_walls)
    points = sum(len(frame) for frame in together.values())
    n = len(KPI_IDS)
    common = {"scale": scale, "reference_s": None, "reference": "", "ratio": None}
    return [
        {
            "section": "Burn-up",
            "what": f"all {n} burn-up series by cluster, {YEAR}, as of {AS_OF} ({points} "
            "month-end values), in one call",
            **common,
            "ours_s": one_wall,
            "cpu_s": one_cpu,
            "runs": repeats,
            "how": HOW_ONE_CALL,
            "goals": [{"metric": "ours_s", "limit": 3.0, "scale": 1000, "text": "≤ 3 s"}],
        },
        {
            "section": "Burn-up",
            "what": f"the same {n} series, one call per KPI (as the Overview opens one)",
            **common,
            "ours_s": each_wall,
            "cpu_s": each_cpu,
            "runs": repeats,
            "how": HOW_PER_KPI,
            "goals": [],
        },
        {
            "section": "Burn-up",
            "what": f"one burn-up: the slowest KPI's call ({slowest})",
            **common,
            "ours_s": slowest_wall,
            "cpu_s": None,
            "runs": repeats,
            "how": HOW_PER_KPI,
            "goals": [{"metric": "ours_s", "limit": 1.0, "scale": 1000, "text": "≤ 1 s"}],
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for row in run(0, args.warehouse, args.repeats):
        cpu = "" if row["cpu_s"] is None else f", CPU {row['cpu_s']:.2f} s"
        print(f"{row['what']}: wall {row['ours_s']:.2f} s{cpu}")


if __name__ == "__main__":
    main()
