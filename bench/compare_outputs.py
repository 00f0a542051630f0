"""Same numbers: compare every query's output and the KPI table between two versions of the code.

    python bench/compare_outputs.py --base main --head . --scales 1,100

`--base` and `--head` are each a git revision (exported with `git archive`, the repository is not
changed) or a checkout folder. For each scale the input folder is made once (scale 1: the
`sample_data/` of the head; scale N: `healthtech sample --scale N` run with the head's code), and
each side loads it into its own warehouse with its own code, in a child process whose PYTHONPATH
is that side's tree. Each side then runs every public query function of its
`warehouse/queries.py` (with every variant listed in VARIANTS), every report query of
`warehouse/sql/report/`, the KPI table (`warehouse.kpi.kpi_table`) for each `by` and each year
with activities and every KPI's burn-up by cluster (`kpi_monthly`, the last year, as of 15
October), and writes one hash per result: the md5 of its column names and its rows, each
row written as text and the rows sorted (so the order of the rows does not count; floats are
written with 12 significant digits, so the last bits of a sum added up in another order do not
count either). The two sets of hashes are compared; the exit code is 1 if any result differs or
the head lacks one (a result only the head has, a new query, is listed but is no difference).
docs/architecture.md ("Same numbers") says how to read the output.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# Extra calls of a query function beyond its defaults: name -> list of keyword arguments.
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "theme_technology": [
        {"grain": g, "split_technology": s}
        for g in ("year", "quarter", "month")
        for s in (True, False)
    ],
    "explorer_pivot": [
        {"row_dim": d, "col_dim": c}
        for d in (
            "cluster",
            "region",
            "host_region",
            "theme",
            "technology",
            "activity_type",
            "org_type",
            "sme",
            "country",
            "status",
            "year",
            "quarter",
            "month",
        )
        for c in ("none", "year")
    ],  # fmt: skip
    "explorer_rows": [{"limit": None}],
    # (theme, technology) cells; None is no technology (vocabulary.NO_TECHNOLOGY, filled in)
    "theme_pairs": [
        {"pairs": [("HEALTH_DATA", "DIGITAL"), ("HEALTH_DATA", None), ("PREVENTION", "IOT")]}
    ],
}
# When the load ran: differs from one load to the next by design, so left out of the hashes.
CLOCK_COLUMNS = {"started_at", "finished_at", "loaded_at", "delivered_at"}
# Functions of warehouse/queries.py that are helpers, not queries.
NOT_QUERIES = {"run", "window"}
KPI_BY = ("national", "cluster", "region", "theme", "technology")


# --- the child: one side's code on one warehouse -------------------------------------------------


def _cell(value: Any) -> str:
    """One value as text that does not depend on its Python or pandas type."""
    if value is None:
        return "NULL"
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return "[" + ",".join(_cell(v) for v in list(value)) + "]"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(bool(value))
    if isinstance(value, datetime) or type(value).__name__ == "Timestamp":
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if isinstance(value, str):
        return value
    if math.isnan(number):
        return "NULL"
    return str(int(number)) if number.is_integer() else f"{number:.12g}"


def frame_hash(df: Any) -> dict[str, Any]:
    """Rows, columns and the order-insensitive md5 of a DataFrame (a dict: one row)."""
    import pandas as pd

    if isinstance(df, dict):
        df = pd.DataFrame([{k: df[k] for k in sorted(df)}])
    df = df.drop(columns=[c for c in df.columns if c in CLOCK_COLUMNS])
    df = df.astype(object).where(df.notna(), None)
    rows = sorted("\t".join(_cell(v) for v in row) for row in df.itertuples(index=False))
    digest = hashlib.md5(("\t".join(map(str, df.columns)) + "\n" + "\n".join(rows)).encode())
    return {"rows": len(rows), "columns": [str(c) for c in df.columns], "md5": digest.hexdigest()}


def _filled(variant: dict[str, Any]) -> dict[str, Any]:
    """The variant's keyword arguments with None technologies of `pairs` as the code for none."""
    if "pairs" not in variant:
        return dict(variant)
    from warehouse.vocabulary import NO_TECHNOLOGY

    return {**variant, "pairs": [(a, b or NO_TECHNOLOGY) for a, b in variant["pairs"]]}


def _query_calls(queries: Any, years: list[int]) -> list[tuple[str, Any, dict[str, Any]]]:
    """(label, function, kwargs) for every public query function and variant."""
    calls = []
    for name, func in sorted(inspect.getmembers(queries, inspect.isfunction)):
        if name.startswith("_") or name in NOT_QUERIES or func.__module__ != queries.__name__:
            continue
        params = inspect.signature(func).parameters
        if "warehouse" not in params:
            continue
        for variant in VARIANTS.get(name, [{}]):
            if any(k not in params for k in variant):
                continue  # a variant of the other side's signature
            for year in years if "year" in params else [None]:
                kwargs = _filled(variant)
                if "year" in params:
                    kwargs["year"] = year
                if "as_of" in params:
                    kwargs["as_of"] = date((year or years[-1]), 12, 31)
                label = name + "(" + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"
                calls.append((label, func, kwargs))
    return calls


def child(input_dir: Path, warehouse: Path, out: Path) -> None:
    """Load `input_dir` into `warehouse` with this side's code and write every result's hash."""
    from etl.load import load_warehouse
    from warehouse import kpi, queries
    from warehouse.db import SQL_DIR, connect_read_only

    started = time.perf_counter()
    result = load_warehouse(input_dir, warehouse)
    if result.status != "loaded":
        raise SystemExit(f"load rejected: {result.message}")
    load_seconds = time.perf_counter() - started
    with connect_read_only(warehouse) as con:
        found = con.execute("SELECT DISTINCT year(start_date) FROM activities ORDER BY 1")
        years = [row[0] for row in found.fetchall()]
    hashes: dict[str, Any] = {}
    for label, func, kwargs in _query_calls(queries, years):
        hashes[f"query {label}"] = frame_hash(func(**kwargs, warehouse=warehouse))
    with connect_read_only(warehouse) as con:
        for path in sorted((SQL_DIR / "report").glob("*.sql")):
            text = path.read_text(encoding="utf-8")
            for year in years:
                values = {"year": year, "as_of": date(year, 12, 31), "clusters": None}
                used = {k: v for k, v in values.items() if f"${k}" in text}
                df = con.execute(text, used).df()
                hashes[f"report {path.stem}(year={year})"] = frame_hash(df)
    for by in KPI_BY:
        for year in years:
            df = kpi.kpi_table(year=year, by=by, as_of=date(year, 12, 31), warehouse=warehouse)
            hashes[f"kpi_table(year={year}, by={by!r})"] = frame_hash(df)
    # every burn-up, by cluster, as of mid-October of the last year (so that a month is cut short
    # and the last two have no value): kpi_monthly, which each side has
    year = years[-1]
    for kpi_id in kpi.KPI_IDS:
        df = kpi.kpi_monthly(kpi_id, year, "cluster", as_of=date(year, 10, 15), warehouse=warehouse)
        hashes[f"kpi_monthly({kpi_id!r}, year={year}, by='cluster')"] = frame_hash(df)
    out.write_text(
        json.dumps({"load_seconds": load_seconds, "hashes": hashes}, indent=1), encoding="utf-8"
    )


# --- the parent: make the trees and the inputs, run both sides, compare --------------------------


def tree(spec: str, work: Path) -> Path:
    """A folder holding the code of `spec`: a checkout folder as is, else `git archive` of it."""
    if Path(spec).is_dir():
        return Path(spec).resolve()
    folder = work / ("rev-" + spec.replace("/", "_"))
    if not folder.exists():
        folder.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", spec],
            check=True,
            capture_output=True,
        ).stdout
        tar_path = work / f"{folder.name}.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(folder, filter="data")
        tar_path.unlink()
    return folder


def run_side(code: Path, input_dir: Path, warehouse: Path, out: Path) -> dict[str, Any]:
    """Run the child with `code` first on the import path; return what it wrote."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, str(Path(__file__).resolve()), "--child"]
    command += [str(input_dir), str(warehouse), str(out)]
    subprocess.run(command, check=True, cwd=code, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def make_input(head: Path, scale: int, work: Path) -> Path:
    """The input folder of a scale: the head's sample_data/, or the head's generator's output."""
    if scale == 1:
        return head / "sample_data"
    folder = work / f"input-{scale}"
    if not folder.exists():
        env = {**os.environ, "PYTHONPATH": str(head)}
        command = [sys.executable, "-m", "etl", "sample", "--scale", str(scale)]
        subprocess.run([*command, "--out", str(folder)], check=True, cwd=head, env=env)
    return folder


def compare(base: dict[str, Any], head: dict[str, Any]) -> list[str]:
    """One line per result that differs or exists on one side only."""
    lines = []
    for key in sorted(base.keys() | head.keys()):
        a, b = base.get(key), head.get(key)
        if a is None or b is None:
            lines.append(f"only in {'head' if a is None else 'base'}: {key}")
        elif a["md5"] != b["md5"]:
            lines.append(f"DIFFERS: {key}: base {a['rows']} rows {a['columns']}, "
                         f"head {b['rows']} rows {b['columns']}")  # fmt: skip
    return lines


def main(argv: list[str] | None = None) -> int:
    """Compare base and head at each scale; print the differences; 1 if there are any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git revision or checkout folder")
    parser.add_argument("--head", default=str(ROOT), help="git revision or checkout folder")
    parser.add_argument("--scales", default="1", help="comma-separated, e.g. 1,100")
    parser.add_argument("--work", type=Path, help="folder for trees, inputs and warehouses")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="compare-outputs-"))
    work.mkdir(parents=True, exist_ok=True)
    base_code, head_code = tree(args.base, work), tree(args.head, work)
    differences = 0
    for scale in (int(s) for s in args.scales.split(",")):
        input_dir = make_input(head_code, scale, work)
        sides = {}
        for side, code in (("base", base_code), ("head", head_code)):
            folder = work / f"scale-{scale}-{side}"
            folder.mkdir(exist_ok=True)
            warehouse = folder / "healthtech.duckdb"
            warehouse.unlink(missing_ok=True)
            sides[side] = run_side(code, input_dir, warehouse, folder / "hashes.json")
        lines = compare(sides["base"]["hashes"], sides["head"]["hashes"])
        same = len(sides["base"]["hashes"].keys() & sides["head"]["hashes"].keys()) - sum(
            line.startswith("DIFFERS") for line in lines
        )
        print(f"scale {scale}: {same} results identical, {len(lines)} not "
              f"(load {sides['base']['load_seconds']:.1f} s base, "
              f"{sides['head']['load_seconds']:.1f} s head)")  # fmt: skip
        for line in lines:
            print("  " + line)
        differences += sum(not line.startswith("only in head") for line in lines)
    print(f"work folder: {work}")
    return 1 if differences else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        sys.exit(main())
