"""`make bench`: measure load, KPIs, pages and the report at several scales; write the results.

Usage: python -m bench.run [--scales 1,100,1000] [--repeats N] [--only AREA]. Sample data for
each scale is generated once into bench_data/ (git-ignored) and reused while the generator is
unchanged. `--only report` (`make bench-report`) measures one area on the warehouses already
loaded in bench_data/ (loading them where missing) and replaces only that area's section of
docs/benchmarks.md.
Figures are medians of several runs on this machine; they are measurements, not test limits.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import platform
import shutil
import time
import traceback
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench_data"
OUT = ROOT / "docs" / "benchmarks.md"
# area -> module with run(scale, warehouse, repeats) -> list[dict]; missing modules are skipped
AREAS = ("bench.bench_kpis", "bench.bench_pages", "bench.bench_report")


def _generator_fingerprint() -> str:
    return hashlib.sha256((ROOT / "etl" / "sample.py").read_bytes()).hexdigest()[:16]


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


def write_report(rows: list[dict], scales: list[int], notes: list[str]) -> None:
    """Write docs/benchmarks.md from the measured rows."""
    OUT.write_text(render(rows, scales, notes), encoding="utf-8")


def render(rows: list[dict], scales: list[int], notes: list[str]) -> str:
    """The text of docs/benchmarks.md for the measured rows."""
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.now():%Y-%m-%d %H:%M}. Each figure is the median "
        "of the number of runs given; both sides of a comparison ran in the same `make bench` "
        "run on the same data. Scales: " + ", ".join(str(s) for s in scales) + " (sample "
        "generator; scale 1 is the shipped sample_data/).",
        "",
        *machine(),
        "",
    ]
    for section in dict.fromkeys(r["section"] for r in rows):
        lines += [
            f"## {section}",
            "",
            "| what | scale | ours | reference | ratio | runs | peak memory |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in (r for r in rows if r["section"] == section):
            ref = f"{_fmt_s(r.get('reference_s'))} ({r['reference']})" if r.get("reference") else ""
            ratio = f"{r['ratio']:.2f}×" if r.get("ratio") is not None else ""
            peak = f"{r['peak_mib']:.0f} MiB" if r.get("peak_mib") else ""
            lines.append(
                f"| {r['what']} | {r['scale']} | {_fmt_s(r['ours_s'])} | {ref} | {ratio} | "
                f"{r['runs']} | {peak} |"
            )
        lines.append("")
    if notes:
        lines += ["## Notes", "", *[f"- {n}" for n in notes], ""]
    return "\n".join(lines)


def _report_repeats(name: str, scale: int, repeats: int) -> int:
    # the report at scale 1000 takes tens of seconds: one run keeps `make bench` within its time
    return 1 if name == "bench.bench_report" and scale >= 1000 else repeats


def replace_section(rows: list[dict], section: str) -> None:
    """Rewrite only `section` of docs/benchmarks.md with `rows` (the other sections stay)."""
    old = OUT.read_text(encoding="utf-8") if OUT.exists() else "# Benchmarks\n"
    fresh = render(rows, sorted({r["scale"] for r in rows}), [])
    new_part = fresh[fresh.index(f"## {section}") :].rstrip("\n")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    new_part += (
        f"\n\n(Section measured alone by `bench.run --only` on {datetime.now():%Y-%m-%d %H:%M}, "
        f"machine load average {load:.1f} at the end: other work on a shared machine slows it.)"
    )
    head, marker, rest = old.partition(f"## {section}")
    if marker:
        following = rest.find("\n## ")
        tail = rest[following + 1 :] if following >= 0 else ""
        text = head + new_part + "\n\n" + tail
    else:
        text = old.rstrip("\n") + "\n\n" + new_part + "\n"
    OUT.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def only(area: str, scales: list[int], repeats: int) -> None:
    """Measure one area (e.g. report) and replace its section of docs/benchmarks.md."""
    from etl.load import load_warehouse

    name = f"bench.bench_{area}"
    module = importlib.import_module(name)
    rows: list[dict] = []
    for scale in scales:
        warehouse = DATA / f"warehouse_{scale}" / "healthtech.duckdb"
        if not warehouse.exists():
            warehouse.parent.mkdir(parents=True, exist_ok=True)
            load_warehouse(sample_dir(scale), warehouse)
        rows += module.run(scale, warehouse, repeats=_report_repeats(name, scale, repeats))
        print(f"scale {scale}: {_fmt_s(rows[-1]['ours_s'])}")
    replace_section(rows, rows[0]["section"])
    print(f"wrote the {rows[0]['section']} section of {OUT.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,100,1000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", help="measure one area (e.g. report) and keep the rest")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    if args.only:
        only(args.only, scales, args.repeats)
        return
    from bench import bench_load

    rows: list[dict] = []
    notes: list[str] = []
    for scale in scales:
        print(f"scale {scale}")
        data = sample_dir(scale)
        warehouse = DATA / f"warehouse_{scale}" / "healthtech.duckdb"
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        rows += bench_load.run(scale, data, warehouse, repeats=args.repeats)
        print(f"  load: {_fmt_s(rows[-1]['ours_s'])}")
        for name in AREAS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                notes.append(f"{name} is not written yet; its rows are missing")
                continue
            repeats = _report_repeats(name, scale, args.repeats)
            try:
                rows += module.run(scale, warehouse, repeats=repeats)
            except Exception:  # a failing area must not lose the others' figures
                notes.append(f"{name} failed at scale {scale}: see the console")
                traceback.print_exc()
            # written after every area, so an interrupted run keeps what it measured
            write_report(rows, scales, sorted(set(notes)))
            print(f"  {name.removeprefix('bench.bench_')}: done")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
