"""The bench's own logic: goals judged at their scale, the tables, partial rewrites, the probes.

Figures here are made up by hand; nothing is timed (speed is measured by `make bench`, never
asserted in tests).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from bench import run as bench_run
from bench.bench_load import reference_command, reference_plan, run_measured
from bench.bench_pages import dashboard_pages, process_cpu_s

ROOT = Path(__file__).resolve().parents[1]
RATIO_GOAL = {"metric": "ratio", "limit": 2.0, "scale": 1000, "text": "≤ 2.0× DuckDB"}
SPEEDUP_GOAL = {
    "metric": "speedup",
    "limit": 20,
    "at_least": True,
    "scale": 1000,
    "text": "≥ 20× faster than pandas",
}


def _row(section: str = "Load", scale: int = 1000, **fields) -> dict:
    return {
        "section": section,
        "what": f"{section} thing",
        "scale": scale,
        "ours_s": 3.0,
        "reference_s": None,
        "reference": "",
        "ratio": None,
        "runs": 3,
        **fields,
    }


def test_a_goal_is_judged_only_at_its_scale() -> None:
    assert bench_run.goal_verdict(_row(scale=1000, ratio=3.1), RATIO_GOAL) == "not met"
    assert bench_run.goal_verdict(_row(scale=1000, ratio=2.0), RATIO_GOAL) == "met"
    assert bench_run.goal_verdict(_row(scale=100, ratio=1.1), RATIO_GOAL) is None
    assert bench_run.goal_verdict(_row(scale=1000), RATIO_GOAL) == "not measured"


def test_speedup_is_reference_over_ours_and_must_reach_the_limit() -> None:
    # 12 s / 0.5 s = 24× faster; 12 s / 1.0 s = 12×
    assert bench_run.goal_verdict(_row(ours_s=0.5, reference_s=12.0), SPEEDUP_GOAL) == "met"
    assert bench_run.goal_verdict(_row(ours_s=1.0, reference_s=12.0), SPEEDUP_GOAL) == "not met"


def test_the_goal_column_names_each_goal_with_its_verdict_or_scale() -> None:
    peak = {"metric": "peak_mib", "limit": 2048, "scale": 1000, "text": "peak ≤ 2 GiB"}
    row = _row(ratio=3.12, peak_mib=3124, goals=[RATIO_GOAL, peak])
    assert bench_run.goal_cell(row) == "≤ 2.0× DuckDB: **not met**; peak ≤ 2 GiB: **not met**"
    small = _row(scale=1, ratio=17.0, peak_mib=268, goals=[RATIO_GOAL, peak])
    assert bench_run.goal_cell(small) == (
        "≤ 2.0× DuckDB (at scale 1000); peak ≤ 2 GiB (at scale 1000)"
    )
    assert bench_run.goal_cell(_row()) == ""


def test_render_puts_goal_and_how_in_every_row_of_the_section() -> None:
    rows = [
        _row(
            ratio=3.0,
            reference_s=1.0,
            reference="DuckDB",
            cpu_s=2.5,
            how="both separate processes",
            goals=[RATIO_GOAL],
        ),
        _row(section="Report", scale=1, ours_s=0.25, how="in-process"),
    ]
    text = bench_run.render(rows, [1, 1000], ["a note"])
    lines = text.splitlines()
    header = lines.index(bench_run.COLUMNS[0])
    assert "| goal |" in lines[header] and "| how it ran |" in lines[header]
    load_line = lines[header + 2]
    cells = [c.strip() for c in load_line.strip("|").split("|")]
    names = [c.strip() for c in lines[header].strip("|").split("|")]
    assert len(cells) == len(names)
    by_name = dict(zip(names, cells, strict=True))
    assert by_name["ours"] == "3.00 s"
    assert by_name["CPU"] == "2.50 s"
    assert by_name["ratio"] == "3.00×"
    assert by_name["goal"] == "≤ 2.0× DuckDB: **not met**"
    assert by_name["how it ran"] == "both separate processes"
    assert "| Report thing | 1 | 250 ms |" in text
    assert text.count("## Load") == 1 and text.count("## Report") == 1
    assert "- a note" in text


def test_a_partial_run_replaces_only_its_sections(tmp_path, monkeypatch) -> None:
    out = tmp_path / "benchmarks.md"
    monkeypatch.setattr(bench_run, "OUT", out)
    out.write_text(
        bench_run.render(
            [_row(what="old load"), _row(section="Report", what="old report")], [1], []
        )
    )
    bench_run.replace_sections([_row(section="Report", what="new report", scale=1)])
    text = out.read_text()
    assert "old load" in text
    assert "old report" not in text and "new report" in text
    assert text.count("## Report") == 1
    assert text.index("## Load") < text.index("## Report")
    # a section the file does not have yet is added at the end
    bench_run.replace_sections([_row(section="Burn-up", what="burn", scale=1)])
    text = out.read_text()
    assert text.index("## Report") < text.index("## Burn-up") and "old load" in text


def test_process_cpu_reads_the_cpu_time_of_a_live_process() -> None:
    before = process_cpu_s(os.getpid())
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:  # burn 0.3 s of CPU
        pass
    spent = process_cpu_s(os.getpid()) - before
    assert 0.2 <= spent <= 2.0
    sleeper = subprocess.Popen(["sleep", "5"])
    try:
        assert process_cpu_s(sleeper.pid) < 0.2
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_child_s_peak_memory_is_its_own_not_the_bench_s() -> None:
    ballast = bytearray(300 * 1024 * 1024)  # the bench process holds 300 MiB
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched, so it is resident
    small = run_measured([sys.executable, "-c", "pass"])
    big = run_measured(
        [
            sys.executable,
            "-c",
            "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])",
        ]
    )
    del ballast
    assert small["peak_mib"] < 100
    assert 200 <= big["peak_mib"] < 300
    assert small["wall_s"] > 0 and big["cpu_s"] > 0


def test_dashboard_pages_are_the_registered_files_with_the_default_at_the_root() -> None:
    pages = dashboard_pages()
    assert pages[0][1] == ""
    assert all(url for _title, url, _path in pages[1:])
    for title, _url, path in pages:
        assert title and (ROOT / path).exists(), path


def test_the_reference_load_reads_every_row_of_every_file(tmp_path) -> None:
    sample = ROOT / "sample_data"
    plan = reference_plan(sample)
    target = tmp_path / "readcsv.duckdb"
    subprocess.run(reference_command(sample, target), check=True, timeout=120)
    con = duckdb.connect(str(target), read_only=True)
    try:
        for n, (path, delimiter, _encoding) in enumerate(plan):
            if delimiter is None:  # a spreadsheet: one table per sheet, header row included
                sheet = f"SELECT count(*) FROM file_{n}_sheet_0"  # noqa: S608 - a number
                assert con.execute(sheet).fetchone()[0] > 1
                continue
            with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
                rows = sum(1 for _ in csv.reader(handle, delimiter=delimiter)) - 1
            table = f"SELECT count(*) FROM file_{n}"  # noqa: S608 - a number
            read = con.execute(table).fetchone()[0]
            assert read == rows, path
    finally:
        con.close()
