"""Time `healthtech load` beside DuckDB's own read_csv of the same files, in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from etl.decode import decode_text
from etl.header import sniff_delimiter
from etl.names import EXCEL_SUFFIXES, kind_of


def _run_measured(command: list[str]) -> tuple[float, float]:
    """Run a command as a child process; return (wall seconds, peak memory in MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def duckdb_read_csv(data_dir: Path, target: Path) -> None:
    """Read every input file into one table per kind with DuckDB alone (XLSX via calamine)."""
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        by_kind: dict[str, list[Path]] = {}
        for path in sorted(data_dir.iterdir()):
            if kind_of(path.name):
                by_kind.setdefault(kind_of(path.name), []).append(path)
        for kind, paths in by_kind.items():
            for n, path in enumerate(paths):
                table = f"{kind}_{n}"
                if path.suffix.lower() in EXCEL_SUFFIXES:
                    frame = pd.read_excel(path, engine="calamine", dtype=str)
                    con.register("frame", frame)
                    con.execute(f"CREATE TABLE {table} AS SELECT * FROM frame")  # noqa: S608
                    con.unregister("frame")
                    continue
                head = path.open("rb").read(65536)
                _, encoding = decode_text(head, path.name) if head else ("", "utf-8")
                delimiter = sniff_delimiter(head.decode("latin-1"))
                con.execute(
                    f"CREATE TABLE {table} AS SELECT * FROM read_csv(?, delim = ?, "  # noqa: S608
                    "header = true, all_varchar = true, encoding = ?)",
                    [str(path), delimiter, "latin-1" if encoding == "cp1252" else "utf-8"],
                )
        con.execute("CHECKPOINT")
    finally:
        con.close()


def run(scale: int, data_dir: Path, warehouse: Path, repeats: int = 3) -> list[dict]:
    """Measure the load of `data_dir` into `warehouse`; the last run leaves it loaded."""
    ours, peaks, reference = [], [], []
    reference_db = warehouse.with_name(f"readcsv_{scale}.duckdb")
    healthtech = [sys.executable, "-m", "etl", "load"]
    for _ in range(repeats):
        seconds, peak = _run_measured(
            [*healthtech, "--input", str(data_dir), "--warehouse", str(warehouse)]
        )
        ours.append(seconds)
        peaks.append(peak)
        start = time.perf_counter()
        duckdb_read_csv(data_dir, reference_db)
        reference.append(time.perf_counter() - start)
    reference_db.unlink(missing_ok=True)
    ours_s, reference_s = statistics.median(ours), statistics.median(reference)
    return [
        {
            "section": "Load",
            "what": "healthtech load (read, validate, build, swap)",
            "scale": scale,
            "ours_s": ours_s,
            "reference_s": reference_s,
            "reference": "DuckDB read_csv of the same files",
            "ratio": ours_s / reference_s,
            "runs": repeats,
            "peak_mib": max(peaks),
        }
    ]
