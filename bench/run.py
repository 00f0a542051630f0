"""`make bench`: measure every area at several scales; write docs/benchmarks.md.

Usage: python -m bench.run [--scales 1,100,1000] [--repeats N] [--only AREA[,AREA]]. The areas
are the keys of `AREAS` (load, kpis, burnup, pages, server, startup, report). Sample data for
each scale is generated once into bench_data/ (git-ignored) and reused while the generator is
unchanged. `--only report` (`make bench-report`) measures the named areas on the warehouses
already loaded in bench_data/ (loading them where missing) and replaces only their sections of
docs/benchmarks.md.
Figures are medians of several runs on this machine; they are measurements, not test limits.
Every row says how its sides ran ("how"), and carries the goals of issue 14 that apply to it
("goals"): a goal is judged (met / not met) only at the scale it is set for.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import platform
import shutil
import statistics
import time
import traceback
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench_data"
OUT = ROOT / "docs" / "benchmarks.md"
# area -> ("module:function" of f(scale, warehouse, repeats) -> list[dict], the scales it runs at
# in a full `make bench` (None: every scale)). "load" is special: it builds the warehouse the
# others read. A module that does not exist yet is skipped with a note.
AREAS: dict[str, tuple[str, frozenset[int] | None]] = {
    "load": ("bench.run:load_rows", None),
    "kpis": ("bench.run:kpi_rows", None),
    "burnup": ("bench.bench_burnup:run", None),
    "pages": ("bench.bench_pages:run", None),
    "server": ("bench.bench_pages:run_server", None),
    "startup": ("bench.bench_pages:run_startup", frozenset({1})),
    "report": ("bench.run:report_rows", None),
}
HOW_KPIS = (
    "both in-process, both from the warehouse file: kpi_table opens it, reads and closes it; "
    "pandas reads the same tables with one read-only connection, then computes (median read + "
    "median compute)"
)
HOW_REPORT = (
    "in-process: build_report() in the bench's process, imports done (the `healthtech report` "
    "command adds its start-up, see Start-up)"
)


def _generator_fingerprint() -> str:
    """A hash of the sample generator's modules: a change to any of them regenerates bench_data/."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "etl").glob("sample*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def sample_dir(scale: int) -> Path:
    """Return the folder of generated sample data for a scale, generating it if needed."""
    from etl.sample import generate_sample

    folder = DATA / f"scale_{scale}"
    stamp = folder / ".generator"
    if stamp.exists() and stamp.read_text() == _generator_fingerprint():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    generate_sample(folder, scale=scale, seed=2019)
    print(f"  generated scale {scale} in {time.perf_counter() - start:.1f} s")
    stamp.write_text(_generator_fingerprint())
    return folder


def machine() -> list[str]:
    """Return lines describing the machine and the versions measured."""
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    packages = ", ".join(
        f"{p} {version(p)}" for p in ("duckdb", "pandas", "pandera", "streamlit", "plotly")
    )
    return [
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {mem} memory, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {packages}",
    ]


def _fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


# --- goals -----------------------------------------------------------------------------------


def goal_value(row: dict, metric: str) -> float | None:
    """The row's figure a goal is about: a field of the row, or "speedup" (reference ÷ ours)."""
    if metric == "speedup":
        ours, reference = row.get("ours_s"), row.get("reference_s")
        return reference / ours if ours and reference is not None else None
    value = row.get(metric)
    return float(value) if value is not None else None


def goal_verdict(row: dict, goal: dict) -> str | None:
    """'met' or 'not met' at the goal's own scale; None at other scales (not judged there)."""
    if goal.get("scale") is not None and row["scale"] != goal["scale"]:
        return None
    value = goal_value(row, goal["metric"])
    if value is None:
        return "not measured"
    at_least = goal.get("at_least", False)
    return "met" if (value >= goal["limit"] if at_least else value <= goal["limit"]) else "not met"


def goal_cell(row: dict) -> str:
    """The goal column of a row: each goal's text, its verdict or the scale it is set for."""
    parts = []
    for goal in row.get("goals") or ():
        verdict = goal_verdict(row, goal)
        if verdict is None:
            parts.append(f"{goal['text']} (at scale {goal['scale']})")
        else:
            parts.append(f"{goal['text']}: **{verdict}**")
    return "; ".join(parts)


# --- the document ----------------------------------------------------------------------------

INTRO = (
    "Each figure is the median of the number of runs given; both sides of a comparison ran in "
    "the same run on the same data, interleaved, and the column *how it ran* says how (both as "
    "separate processes timed from outside, or both in-process). The *goal* column carries the "
    "goals of issue 14: they are set at scale 1000, except the dashboard's server CPU per page "
    "view, set at scale 1; a goal is judged (**met** / **not met**) only at its own scale. "
    "*ours* is wall time; *CPU* is the CPU time of the measured process (user + system, every "
    "thread) where it is taken. *ratio* is ours ÷ reference (below 1: ours is faster)."
)
SECTION_TEXT = {
    "Load": (
        "`healthtech load` of the generated sample against DuckDB's `read_csv` of the same files "
        "into a DuckDB file (`python -c`, one all-VARCHAR table per file; the spreadsheets "
        "through calamine and pyarrow). Peak memory: the load's largest resident set "
        "(ru_maxrss of the child or of a process it waited for)."
    ),
    "KPIs": "All 18 KPIs by cluster for one year (`kpi_table`) against an independent pandas "
    "implementation of the same rules; the two must agree on every value or the run fails.",
    "Burn-up": "All 18 burn-up series (twelve month-end values per cluster) for one year, in "
    "one `kpi_monthly_series` call and as one `kpi_monthly` call per KPI, and the slowest single "
    "call: wall time and the CPU time of the bench's process.",
    "Pages": "Each page's script re-run in a warm AppTest session (caches filled): the time a "
    "filter change takes on the server, without the browser.",
    "Server CPU per page view": "A new browser session opening each page of `streamlit run "
    "dashboard.py` (scale's warehouse, open local mode), in a new tab of one headless Chromium "
    "context (its cache keeps the app's static files, as a user's browser does); the last row "
    "opens the first page from a browser with an empty cache (the static files are served "
    "too). CPU: the server process's utime + stime (every thread, from /proc) read before the "
    "view and after the page is drawn (script idle for 0.5 s); median of the views after one "
    "warm-up view per page, so the server's caches are warm. *ours* is the browser's wall "
    "time to drawn.",
    "Start-up": "`healthtech --help` as a separate process, and the time from starting "
    "`streamlit run dashboard.py` to the first page drawn in a browser (the script idle; the "
    "0.5 s settling wait is not counted).",
    "Report": "The ministry report for one year: workbook, PDF with charts and the CSV zip.",
}
COLUMNS = (
    "| what | scale | ours | CPU | reference | ratio | goal | how it ran | runs | peak memory |",
    "|---|---:|---:|---:|---:|---:|---|---|---:|---:|",
)


def write_report(rows: list[dict], scales: list[int], notes: list[str]) -> None:
    """Write docs/benchmarks.md from the measured rows."""
    OUT.write_text(render(rows, scales, notes), encoding="utf-8")


def table_line(r: dict) -> str:
    """One row of a section's table."""
    ref = f"{_fmt_s(r.get('reference_s'))} ({r['reference']})" if r.get("reference") else ""
    ratio = f"{r['ratio']:.2f}×" if r.get("ratio") is not None else ""
    peak = f"{r['peak_mib']:.0f} MiB" if r.get("peak_mib") else ""
    return (
        f"| {r['what']} | {r['scale']} | {_fmt_s(r['ours_s'])} | {_fmt_s(r.get('cpu_s'))} | "
        f"{ref} | {ratio} | "
        f"{goal_cell(r)} | {r.get('how', '')} | {r['runs']} | {peak} |"
    )


def render(rows: list[dict], scales: list[int], notes: list[str]) -> str:
    """The text of docs/benchmarks.md for the measured rows."""
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`python -m bench.run`) on {datetime.now():%Y-%m-%d %H:%M}. "
        + INTRO
        + " Scales: "
        + ", ".join(str(s) for s in scales)
        + " (sample generator; scale 1 is the shipped sample_data/). A partial run "
        "(`python -m bench.run --only AREA --scales ...`) replaces only its sections and says so.",
        "",
        *machine(),
        f"- Load average of the machine when this was written: {_load_average():.1f} (the "
        "machine is shared: other work inflates the wall times more than the CPU times)",
        "",
    ]
    for section in dict.fromkeys(r["section"] for r in rows):
        lines += [f"## {section}", ""]
        if section in SECTION_TEXT:
            lines += [SECTION_TEXT[section], ""]
        lines += [*COLUMNS, *(table_line(r) for r in rows if r["section"] == section), ""]
    if notes:
        lines += ["## Notes", "", *[f"- {n}" for n in notes], ""]
    return "\n".join(lines)


def _load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def replace_sections(rows: list[dict]) -> None:
    """Rewrite only the sections of docs/benchmarks.md that `rows` carry (the others stay)."""
    text = OUT.read_text(encoding="utf-8") if OUT.exists() else "# Benchmarks\n"
    fresh = render(rows, sorted({r["scale"] for r in rows}), [])
    stamp = (
        f"(Section measured alone by `bench.run --only` on {datetime.now():%Y-%m-%d %H:%M}, "
        f"machine load average {_load_average():.1f} at the end: other work on a shared machine "
        "slows it.)"
    )
    for section in dict.fromkeys(r["section"] for r in rows):
        text = _replace_section(text, section, _section_of(fresh, section) + "\n\n" + stamp)
    OUT.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def _section_of(text: str, section: str) -> str:
    """The text of `## section` in `text`, up to the next section."""
    start = text.index(f"## {section}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)].rstrip("\n")


def _replace_section(text: str, section: str, new_part: str) -> str:
    """`text` with its `## section` replaced by `new_part` (appended where it has none)."""
    marker = f"## {section}\n"
    if marker not in text:
        return text.rstrip("\n") + "\n\n" + new_part + "\n"
    start = text.index(marker)
    end = text.find("\n## ", start + 1)
    tail = text[end + 1 :] if end >= 0 else ""
    return text[:start] + new_part + "\n\n" + tail


# --- areas that adapt another module's rows --------------------------------------------------


def _repeats(area: str, scale: int, repeats: int) -> int:
    # the report at scale 1000 takes tens of seconds: one run keeps `make bench` within its time
    return 1 if area == "report" and scale >= 1000 else repeats


def load_rows(scale: int, warehouse: Path, repeats: int) -> list[dict]:
    """The load area: load the scale's sample into `warehouse` beside DuckDB's read_csv."""
    from bench import bench_load

    return bench_load.run(scale, sample_dir(scale), warehouse, repeats=repeats)


def kpi_rows(scale: int, warehouse: Path, repeats: int) -> list[dict]:
    """bench_kpis' rows, with the pandas side including its read of the warehouse, like ours.

    bench_kpis times kpi_table (which opens the file, reads and closes it) against the pandas
    computation alone, on tables read beforehand. Here the pandas read of the same tables is
    timed as well, in the same process, and added, so both sides start from the warehouse file.
    """
    from bench import bench_kpis

    rows = bench_kpis.run(scale, warehouse, repeats=repeats)  # raises if the two disagree
    reads = []
    for _ in range(repeats):
        start = time.perf_counter()
        bench_kpis.read_tables(warehouse)
        reads.append(time.perf_counter() - start)
    read_s = statistics.median(reads)
    adapted = []
    for row in rows:
        compute_s = row["reference_s"]
        reference_s = read_s + compute_s
        adapted.append(
            {
                **row,
                "what": f"all 18 KPIs by cluster, {bench_kpis.YEAR}, as of {bench_kpis.AS_OF}",
                "reference_s": reference_s,
                "reference": f"pandas: read {_fmt_s(read_s)} + compute {_fmt_s(compute_s)}",
                "ratio": row["ours_s"] / reference_s,
                "how": HOW_KPIS,
                "goals": [
                    {"metric": "ours_s", "limit": 0.5, "scale": 1000, "text": "≤ 0.5 s"},
                    {
                        "metric": "speedup",
                        "limit": 20,
                        "at_least": True,
                        "scale": 1000,
                        "text": "≥ 20× faster than pandas",
                    },
                ],
            }
        )
    return adapted


def report_rows(scale: int, warehouse: Path, repeats: int) -> list[dict]:
    """bench_report's rows, saying how they ran and with the report's goal."""
    from bench import bench_report

    goal = {"metric": "ours_s", "limit": 30.0, "scale": 1000, "text": "≤ 30 s"}
    what = "the ministry report for 2020 (build_report: xlsx + pdf + csv zip)"
    return [
        {**row, "what": what, "how": HOW_REPORT, "goals": [goal]}
        for row in bench_report.run(scale, warehouse, repeats=repeats)
    ]


def area_function(area: str):
    """The function that measures `area` (ModuleNotFoundError where its module is not written)."""
    if area not in AREAS:
        raise SystemExit(f"unknown area {area!r}: one of {', '.join(AREAS)}")
    module_name, _, function = AREAS[area][0].partition(":")
    return getattr(importlib.import_module(module_name), function)


def _warehouse(scale: int) -> Path:
    return DATA / f"warehouse_{scale}" / "healthtech.duckdb"


def only(areas: list[str], scales: list[int], repeats: int) -> None:
    """Measure some areas (e.g. report) and replace their sections of docs/benchmarks.md."""
    from etl.load import load_warehouse

    rows: list[dict] = []
    for area in areas:
        measure = area_function(area)
        for scale in scales:
            warehouse = _warehouse(scale)
            if area != "load" and not warehouse.exists():
                warehouse.parent.mkdir(parents=True, exist_ok=True)
                load_warehouse(sample_dir(scale), warehouse)
            warehouse.parent.mkdir(parents=True, exist_ok=True)
            new = measure(scale, warehouse, _repeats(area, scale, repeats))
            rows += new
            for row in new:
                print(f"  {area} scale {scale}: {row['what'][:60]}: {_fmt_s(row['ours_s'])}")
    replace_sections(rows)
    sections = ", ".join(dict.fromkeys(r["section"] for r in rows))
    print(f"wrote the sections {sections} of {OUT.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,100,1000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--only", help=f"measure these areas (comma-separated: {', '.join(AREAS)}), keep the rest"
    )
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    if args.only:
        only(args.only.split(","), scales, args.repeats)
        return
    rows: list[dict] = []
    notes: list[str] = []
    for scale in scales:
        print(f"scale {scale}")
        warehouse = _warehouse(scale)
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        for area, (_, at_scales) in AREAS.items():
            if at_scales is not None and scale not in at_scales:
                continue
            try:
                measure = area_function(area)
            except ModuleNotFoundError:
                notes.append(f"the {area} benchmark is not written yet; its rows are missing")
                continue
            try:
                rows += measure(scale, warehouse, _repeats(area, scale, args.repeats))
            except Exception:  # a failing area must not lose the others' figures
                if area == "load":
                    raise  # the other areas read the warehouse it builds
                notes.append(f"the {area} benchmark failed at scale {scale}: see the console")
                traceback.print_exc()
            # written after every area, so an interrupted run keeps what it measured
            write_report(rows, scales, sorted(set(notes)))
            print(f"  {area}: done")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
