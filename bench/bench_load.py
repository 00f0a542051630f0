"""Time `healthtech load` beside DuckDB's own read_csv of the same files, both as child processes.

Both sides run the same way: each is started as a separate Python process (by a small launcher,
see `run_measured`) and timed from outside, from the start of the process to its exit, so both
pay the interpreter's start-up and their imports; the peak memory of each is the child's own
rusage (the largest resident set of the child or of any process it waited for, not a sum).
The reference program (`REFERENCE_PROGRAM`) imports only duckdb, and pyarrow with
python-calamine for the spreadsheets, and writes one all-VARCHAR table per input file into a
DuckDB file. The dialect of each CSV (delimiter, encoding) is found beforehand by the bench from
the file's first 64 KiB with the loader's own sniffing, so the reference reads every file as our
load does; that sniffing is not timed (it reads 64 KiB per file).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

HOW = "both separate processes, timed from outside; peak memory from each child's rusage"
# Every sheet of a workbook becomes its own table: DuckDB cannot read XLSX here (no extensions),
# so calamine reads the cells and pyarrow hands them to DuckDB as text.
REFERENCE_PROGRAM = r"""
import json, sys
import duckdb
plan, target = json.loads(sys.argv[1]), sys.argv[2]
con = duckdb.connect(target)
for n, (path, delimiter, encoding) in enumerate(plan):
    if delimiter is None:
        import pyarrow
        from python_calamine import CalamineWorkbook
        book = CalamineWorkbook.from_path(path)
        for s in range(len(book.sheet_names)):
            rows = book.get_sheet_by_index(s).to_python()
            width = max((len(r) for r in rows), default=0)
            columns = {
                f"c{i}": ["" if i >= len(r) or r[i] is None else str(r[i]) for r in rows]
                for i in range(width)
            }
            con.register("sheet", pyarrow.table(columns))
            # the table name is built from two loop counters (integers), never from file content
            con.execute(f"CREATE TABLE file_{n}_sheet_{s} AS SELECT * FROM sheet")  # noqa: S608
            con.unregister("sheet")
        continue
    con.execute(
        f"CREATE TABLE file_{n} AS SELECT * FROM read_csv(?, delim = ?, header = true, "
        "all_varchar = true, encoding = ?)",
        [path, delimiter, encoding],
    )
con.execute("CHECKPOINT")
con.close()
"""


LAUNCHER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.buffer.write(done.stderr[-4000:])
print(json.dumps({
    "returncode": done.returncode,
    "wall_s": wall,
    "cpu_s": usage.ru_utime + usage.ru_stime,
    "peak_mib": usage.ru_maxrss / 1024,
}))
"""


def run_measured(command: list[str], cwd: Path | None = None) -> dict[str, float]:
    """Run a command as a child process; return its wall and CPU seconds and peak MiB.

    The command is started by a small launcher (`LAUNCHER`), not by the bench itself: a child
    forked from the bench carries the bench's own peak memory into its ru_maxrss until it
    execs (a 200 MiB `healthtech --help`), while the launcher's fork carries only a bare
    interpreter's few MiB. The launcher times the child from its start to its exit and reads
    its rusage (RUSAGE_CHILDREN: the child and the processes it waited for).
    """
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command], capture_output=True, cwd=cwd, check=False
    )
    report = json.loads(done.stdout.decode().strip().splitlines()[-1]) if done.stdout else {}
    if done.returncode != 0 or report.get("returncode") != 0:
        errors = done.stderr.decode(errors="replace")[-2000:]
        raise RuntimeError(f"{command[:4]} failed ({report.get('returncode')}): {errors}")
    return {key: float(report[key]) for key in ("wall_s", "cpu_s", "peak_mib")}


def healthtech_command() -> list[str]:
    """The installed `healthtech` script beside this Python (else `python -m etl`, the same)."""
    script = Path(sys.executable).with_name("healthtech")
    return [str(script)] if script.exists() else [sys.executable, "-m", "etl"]


def reference_plan(data_dir: Path) -> list[tuple[str, str | None, str]]:
    """(path, delimiter, DuckDB encoding) of every input file; delimiter None for a spreadsheet."""
    from etl.decode import decode_text
    from etl.header import sniff_delimiter
    from etl.names import SPREADSHEET_SUFFIXES, kind_of

    plan: list[tuple[str, str | None, str]] = []
    for path in sorted(data_dir.iterdir()):
        if not kind_of(path.name):
            continue
        if path.suffix.lower() in SPREADSHEET_SUFFIXES:
            plan.append((str(path), None, ""))
            continue
        with path.open("rb") as handle:
            head = handle.read(65536)
        # a cut at 64 KiB may split a UTF-8 letter: drop the partial last line before decoding
        head = head[: head.rfind(b"\n") + 1] or head
        text, encoding = decode_text(head, path.name) if head else ("", "utf-8")
        duckdb_encoding = "latin-1" if encoding == "cp1252" else "utf-8"
        plan.append((str(path), sniff_delimiter(text), duckdb_encoding))
    return plan


def reference_command(data_dir: Path, target: Path) -> list[str]:
    """The command line of the reference: DuckDB's read_csv of every file into `target`."""
    plan = json.dumps(reference_plan(data_dir))
    return [sys.executable, "-c", REFERENCE_PROGRAM, plan, str(target)]


def run(scale: int, data_dir: Path, warehouse: Path, repeats: int = 3) -> list[dict]:
    """Measure the load of `data_dir` into `warehouse`; the last run leaves it loaded."""
    ours: list[dict[str, float]] = []
    reference: list[dict[str, float]] = []
    reference_db = warehouse.with_name(f"readcsv_{scale}.duckdb")
    ours_command = [
        *healthtech_command(),
        *("load", "--input", str(data_dir), "--warehouse", str(warehouse)),
    ]
    root = Path(__file__).resolve().parents[1]
    reference_cmd = reference_command(data_dir, reference_db)
    for _ in range(repeats):  # interleaved, so a busy spell on the machine hits both sides
        ours.append(run_measured(ours_command, cwd=root))
        reference_db.unlink(missing_ok=True)
        reference.append(run_measured(reference_cmd, cwd=root))
    reference_db.unlink(missing_ok=True)
    ours_s = statistics.median(r["wall_s"] for r in ours)
    reference_s = statistics.median(r["wall_s"] for r in reference)
    ours_cpu = statistics.median(r["cpu_s"] for r in ours)
    reference_cpu = statistics.median(r["cpu_s"] for r in reference)
    reference_peak = max(r["peak_mib"] for r in reference)
    return [
        {
            "section": "Load",
            "what": "healthtech load (read, validate, build, swap)",
            "scale": scale,
            "ours_s": ours_s,
            "cpu_s": ours_cpu,
            "reference_s": reference_s,
            "reference": (
                f"DuckDB read_csv of the same files; CPU {reference_cpu:.1f} s, "
                f"peak {reference_peak:.0f} MiB"
            ),
            "ratio": ours_s / reference_s,
            "runs": repeats,
            "peak_mib": max(r["peak_mib"] for r in ours),
            "how": HOW,
            "goals": [
                {"metric": "ratio", "limit": 2.0, "scale": 1000, "text": "≤ 2.0× DuckDB"},
                {"metric": "peak_mib", "limit": 2048, "scale": 1000, "text": "peak ≤ 2 GiB"},
            ],
        }
    ]
