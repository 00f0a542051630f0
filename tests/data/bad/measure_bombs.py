"""Measure `healthtech load` on files shaped to cost time or memory (docs/loading.md, "Bounded
work"). Not a test: the machine is shared, so figures go into the docs, never into asserts.

    .venv/bin/python tests/data/bad/measure_bombs.py [--code DIR] [--only NAME ...]

Each case is the valid set of tests/loadkit.py plus one shaped file, loaded by a fresh
`python -m etl load` (run from --code, default this checkout, to compare with an older one);
printed: wall time, CPU time (user + sys of the load and its children) and peak memory (the
largest resident set of the load or of a child, such as the spreadsheet reader).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from tests.loadkit import write_valid_set  # noqa: E402

NL = "\n"
HEADER = "activity_id,org_id,participants,role"


def _generator():
    spec = importlib.util.spec_from_file_location("make_generated", HERE / "make_generated.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _surplus(cells: int):
    def write(folder: Path) -> None:
        text = HEADER + NL + "A1,O2,1,participant" + ",x" * cells + NL + "A2,O1,2,speaker" + NL
        (folder / "participations_x.csv").write_text(text)

    return write


def _one_cell(folder: Path) -> None:
    text = "kpi_id,year,scope,target" + NL + "G2.activities,2021,ALL," + "9" * 100_000_000 + NL
    (folder / "targets_x.csv").write_text(text)


def _million_rows(stray_quote: bool, all_bad: bool):
    def write(folder: Path) -> None:
        _generator().million_rows(folder)
        big = folder / "participations_big.csv"
        text = big.read_text()
        if all_bad:  # every row breaks a rule: a million quarantine records
            text = text.replace(",1,participant", ",0,participant")
        if stray_quote:  # the whole file goes to the csv module, row by row
            header, rest = text.split(NL, 1)
            text = header + NL + 'BA0,"BO999999,1,participant' + NL + rest
        big.write_text(text)

    return write


def _header_cells(folder: Path) -> None:
    (folder / "participations_x.csv").write_text(HEADER + ",extra" * 1_000_000 + NL)


def _blank_lines(folder: Path) -> None:
    text = HEADER + NL + "A1,O2,1,participant" + NL + "\r\n" * 30_000_000
    (folder / "participations_x.csv").write_text(text)


def cases() -> dict[str, tuple[str, object]]:
    gen = _generator()
    return {
        "valid set only (start-up and imports)": ("", lambda folder: None),
        "CSV: a row with 1,000,000 surplus cells (2 MB)": ("", _surplus(1_000_000)),
        "CSV: a row with 4,000,000 surplus cells (8 MB)": ("", _surplus(4_000_000)),
        "CSV: a row with 50,000,000 surplus cells (100 MB)": ("", _surplus(50_000_000)),
        "CSV: a header row of 1,000,000 cells (6 MB)": ("", _header_cells),
        "CSV: one cell of 100,000,000 digits (100 MB)": ("", _one_cell),
        "CSV: 30,000,000 blank lines (60 MB)": ("", _blank_lines),
        "CSV: 1,000,000 rows (25 MB), the Arrow path": ("", _million_rows(False, False)),
        "CSV: the same with a stray quote in row 2 (the csv module reads it)": (
            "",
            _million_rows(True, False),
        ),
        "CSV: 1,000,000 rows that all break a rule (a million quarantine records)": (
            "",
            _million_rows(False, True),
        ),
        "XLSX: one cell at XFD1048576 (1.6 KB)": ("", gen.xlsx_cell_at_xfd1048576),
        "XLSX: 150,000 cells of one 10 KB shared string (child stopped)": (
            "",
            gen.xlsx_shared_string_memory_bomb,
        ),
    }


def measure(code: Path, folder: Path, warehouse: Path) -> tuple[float, float, float, int]:
    """Run one load; return (wall s, CPU s, peak MB, exit code)."""
    command = [sys.executable, "-m", "etl", "load", "--input", str(folder)]
    command += ["--warehouse", str(warehouse)]
    script = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL).returncode\n"
        "wall = time.perf_counter() - start\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, use.ru_utime + use.ru_stime, use.ru_maxrss, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *command],
        cwd=code,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(code)},
        check=True,
    )
    wall, cpu, peak_kb, exit_code = done.stdout.split()
    return float(wall), float(cpu), int(peak_kb) / 1024, int(exit_code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose etl/ to run")
    parser.add_argument("--only", nargs="*", default=None, help="case names containing these")
    args = parser.parse_args()
    print("| file | wall s | CPU s | peak MB | exit |")
    print("|---|---:|---:|---:|---:|")
    for name, (_, write) in cases().items():
        if args.only and not any(word in name for word in args.only):
            continue
        root = Path(tempfile.mkdtemp(prefix="bomb"))
        try:
            folder = write_valid_set(root / "in")
            write(folder)
            wall, cpu, peak, code = measure(args.code, folder, root / "wh" / "w.duckdb")
            print(f"| {name} | {wall:.1f} | {cpu:.1f} | {peak:,.0f} | {code} |", flush=True)
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an aborting old reader leaves no core
    main()
