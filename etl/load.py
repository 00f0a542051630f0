"""`healthtech load`: validate a folder of files and swap in a freshly built warehouse atomically.

The new warehouse is built in a temporary file beside the target, checked, checkpointed and
closed, and only then moved over the target with os.replace. Whatever goes wrong before that
moment leaves the target exactly as it was, byte for byte. While the load runs it holds the
current warehouse open read-only, so no other program can write to it (and its history, carried
over into the new file, cannot change underneath the load).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl.dimensions import fill_dimensions
from etl.inputs import Entry, InputFolderError, list_entries
from etl.kinds import RATE_CAP_DKK, SPECS
from etl.load_archive import archive_input, read_input
from etl.load_history import (
    HISTORY_TABLES,
    LOCK_WAIT_SECONDS,
    previous_warehouse,
    with_this_load,
)
from etl.load_models import create_models
from etl.load_output import (
    format_problems,
    format_summary,
)
from etl.load_result import (
    FileSummary,
    LoadRejected,
    LoadResult,
)
from etl.load_tables import (
    insert_final_tables,
    insert_frame,
    table_columns,
)
from etl.load_typing import (
    typed_frame,
)
from etl.names import KINDS, near_misses, show, visible
from etl.personal import personal_data_column
from etl.quarantine import QUARANTINE_COLUMNS
from etl.read import RawTable, UnreadableFile, read_table
from etl.row_checks import ValidationDefect
from etl.validate import StagedValidation
from warehouse import reference as ref
from warehouse.db import create_schema, record_build, sql_files, warehouse_path

# DuckDB builds the new warehouse with this many threads (the machine's 2 cores).
DUCKDB_THREADS = 2
# DuckDB's share of the load's memory (the staged rows spill to the temporary folder beyond
# it); with the two files Python holds beside it, this sets the load's peak (docs/loading.md,
# "Memory": why 800 MB, and what it costs in time).
DUCKDB_MEMORY_LIMIT = "800MB"


# --- from validated text to typed tables ---------------------------------------------------


def run_checks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Run every warehouse/sql/checks/*.sql; return a line for each that returned rows."""
    problems = []
    for path in sql_files("checks"):
        rows = con.execute(path.read_text(encoding="utf-8")).fetchall()
        if rows:
            problems.append(f"check {path.stem} found {len(rows)} row(s), e.g. {rows[0]}")
    return problems


def build_warehouse(
    con: duckdb.DuckDBPyConnection,
    staged: StagedValidation,
    quarantine: pd.DataFrame,
    history: dict[str, pd.DataFrame],
    load_id: int,
) -> None:
    """Complete the new warehouse from the staged rows, check it and checkpoint it."""
    insert_final_tables(con, staged)
    q = quarantine[QUARANTINE_COLUMNS].copy()
    q.insert(0, "load_id", load_id)
    insert_frame(con, "quarantine", q)
    for table in HISTORY_TABLES:
        if table in history and not history[table].empty:
            # an older warehouse's history lacks the newer columns: they stay NULL
            known = table_columns(con, table)
            insert_frame(con, table, history[table][[c for c in history[table] if c in known]])
    staged.drop_staging()
    problems = run_checks(con)
    if problems:
        raise LoadRejected(
            "the built warehouse failed its checks: "
            + "; ".join(problems)
            + ". This is a defect of ours: keep the files and report this message"
        )
    con.execute("CHECKPOINT")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_in(temp: Path, target: Path) -> None:
    """Replace the target with the built file atomically, removing a stale WAL first."""
    with temp.open("rb") as fh:
        os.fsync(fh.fileno())
    stale_wal = target.with_name(target.name + ".wal")
    if stale_wal.exists():
        stale_wal.unlink()
    os.replace(temp, target)
    _fsync_dir(target.parent)


def load_warehouse(
    input_dir: Path,
    warehouse: Path | None = None,
    *,
    strict: bool = False,
    rate_cap: float | None = None,
    lock_wait: float = LOCK_WAIT_SECONDS,
) -> LoadResult:
    """Validate every file of `input_dir` and, unless rejected, swap in a new warehouse."""
    target = warehouse_path(warehouse).resolve()
    started = datetime.now().replace(microsecond=0)
    cap = ref.DEFAULT_RATE_CAP_DKK if rate_cap is None else float(rate_cap)
    input_dir = Path(input_dir)
    if not input_dir.is_dir():
        what = "is not a folder" if input_dir.exists() else "does not exist"
        return LoadResult("rejected", f"the input folder {input_dir} {what}", target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return LoadResult(
            "rejected",
            f"cannot create the warehouse's folder {target.parent}: {exc.strerror or exc}",
            target,
        )

    lock_path = target.with_name(target.name + ".load.lock")
    try:
        lock = lock_path.open("a")
    except OSError as exc:
        return LoadResult(
            "rejected",
            f"the warehouse could not be written: cannot create {lock_path} "
            f"({exc.strerror or exc}); fix the permissions of {target.parent}",
            target,
        )
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one load at a time per warehouse
        remove_stale_temps(target)
        token = RATE_CAP_DKK.set(cap)
        temp = target.with_name(f"{target.name}.tmp{os.getpid()}")
        skipped: list[Entry] = []
        try:
            with previous_warehouse(target, lock_wait) as history:
                result = _load_locked(
                    input_dir, target, temp, started, strict, cap, history, skipped
                )
            return result
        except (LoadRejected, InputFolderError, ValidationDefect) as exc:
            return LoadResult("rejected", str(exc), target, skipped=skipped)
        except OSError as exc:
            return LoadResult(
                "rejected",
                f"the warehouse could not be written ({exc.strerror or exc}) in {target.parent}",
                target,
                skipped=skipped,
            )
        except duckdb.Error as exc:
            # e.g. a disk that fills up while DuckDB writes the new file
            return LoadResult(
                "rejected", f"the warehouse could not be built: {exc}", target, skipped=skipped
            )
        finally:
            RATE_CAP_DKK.reset(token)
            for leftover in (temp, temp.with_name(temp.name + ".wal")):
                leftover.unlink(missing_ok=True)
            shutil.rmtree(temp.with_name(temp.name + ".spill"), ignore_errors=True)


def remove_stale_temps(target: Path) -> None:
    """Delete temporary builds left by a load that was killed (the caller holds the lock)."""
    for leftover in target.parent.glob(f"{target.name}.tmp*"):
        if leftover.is_dir():  # DuckDB's spill folder of a killed build
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _load_locked(
    input_dir: Path,
    target: Path,
    temp: Path,
    started: datetime,
    strict: bool,
    cap: float,
    history: dict[str, pd.DataFrame],
    skipped: list[Entry],
) -> LoadResult:
    entries = list_entries(input_dir)
    skipped.extend(e for e in entries if not e.read)
    inputs = [e for e in entries if e.read]
    if not inputs:
        raise LoadRejected(
            f"no input files in {input_dir}: names must start with one of {', '.join(KINDS)} "
            "and end in .csv, .txt, .xlsx or .ods"
        )
    summaries: list[FileSummary] = []
    expected = {kind: set(spec.columns) for kind, spec in SPECS.items()}
    con = duckdb.connect(
        str(temp),
        config={
            "threads": DUCKDB_THREADS,
            "memory_limit": DUCKDB_MEMORY_LIMIT,
            # the staging tables spill here beyond the limit; removed with the temporary file
            "temp_directory": str(temp) + ".spill",
            # no automatic checkpoints while the rows are staged: DuckDB otherwise checkpoints
            # (and compresses the staged temp tables) whenever its WAL estimate passes 16 MB,
            # seconds each time at scale; build_warehouse checkpoints once at the end
            "checkpoint_threshold": "1TB",
        },
    )
    try:
        create_schema(con)
        create_models(con)
        record_build(con)
        fill_dimensions(con)
        staged = StagedValidation(con, typed_frame)
        # one file at a time is validated in chunks and staged, then let go; the next file is
        # read meanwhile in a second thread (Arrow's parsing and DuckDB's appends release the
        # GIL), so at most two files are in memory
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-next") as reader:
            reading = reader.submit(_read_file, inputs[0], expected, target)
            for following in [*inputs[1:], None]:
                summary, table = reading.result()
                if following is not None:
                    reading = reader.submit(_read_file, following, expected, target)
                staged.add_file(table)
                del table
                summaries.append(summary)
        quarantine = staged.finish()
        bad_rows = quarantine.groupby("source_file")["row_number"].nunique().to_dict()
        for summary in summaries:
            summary.rows_quarantined = int(bad_rows.get(summary.file_name, 0))
            summary.rows_loaded = summary.rows_read - summary.rows_quarantined
            if summary.rows_quarantined:
                summary.status = "loaded_with_quarantine"
        quarantine = quarantine[QUARANTINE_COLUMNS]
        if strict and not quarantine.empty:
            raise LoadRejected(
                f"--strict: {len(quarantine)} problem(s) in "
                f"{quarantine['source_file'].nunique()} file(s); nothing was loaded.\n"
                + format_problems(quarantine)
            )
        runs = history.get("load_runs")
        load_id = int(runs["load_id"].max()) + 1 if runs is not None and not runs.empty else 1
        finished = datetime.now().replace(microsecond=0)
        history = with_this_load(
            history, summaries, skipped, load_id, started, finished, input_dir, strict, cap
        )
        build_warehouse(con, staged, quarantine, history, load_id)
    finally:
        con.close()
    swap_in(temp, target)
    return LoadResult(
        "loaded", f"load {load_id} done", target, load_id, summaries, quarantine, skipped
    )


def _read_file(
    entry: Entry, expected: dict[str, set[str]], target: Path
) -> tuple[FileSummary, RawTable]:
    """Read, archive and parse one input file; raise LoadRejected if it cannot be loaded at all.

    The file is read once: its bytes are hashed, archived and parsed, so the archived copy is
    exactly what was loaded, even if the file changes meanwhile.
    """
    data = read_input(entry.path, entry.name)
    sha = hashlib.sha256(data).hexdigest()
    summary = FileSummary(entry.name, entry.kind, len(data), sha)
    archived = archive_input(entry.path, sha, target, data)
    required = {kind: len(spec.required) for kind, spec in SPECS.items()}
    try:
        table = read_table(archived, expected, data=data, file_name=entry.name, required=required)
    except UnreadableFile as exc:
        raise LoadRejected(f"{exc.file_name} cannot be read: {exc.reason}") from exc
    del data
    where = f" (sheet '{table.sheet}')" if table.sheet else ""
    missing = [c for c in SPECS[table.kind].required if c not in table.frame.columns]
    if missing:
        raise LoadRejected(_missing_columns_message(entry.name + where, missing, table))
    for column in table.extra_columns:
        why = personal_data_column(column, table.frame[column])
        if why:
            raise LoadRejected(
                f"{entry.name}{where} is refused: {why}. The network does not store personal "
                "data; remove the column and send the file again"
            )
    summary.encoding, summary.delimiter = table.encoding, table.delimiter
    summary.rows_read = len(table.frame)
    summary.rows_skipped = table.rows_skipped
    notes = list(filter(None, [entry.message]))
    if table.sheet:
        notes.append(f"read from sheet '{table.sheet}'")
    if table.extra_columns:
        notes.append("ignored extra column(s): " + ", ".join(show(c) for c in table.extra_columns))
    notes += table.notes
    summary.message = "; ".join(notes)
    return summary, table


def _missing_columns_message(where: str, missing: list[str], table: RawTable) -> str:
    """Say which required columns a file lacks, what it has, and which names look alike."""
    found = list(table.frame.columns)
    hints = [
        f"'{visible(have[:100], ascii_only=True)}' looks like {want} but is not"
        for have, want in near_misses(found, missing)
    ]
    hint = f"; {'; '.join(hints)}" if hints else ""
    return (
        f"{where} lacks the required column(s) {', '.join(missing)} "
        f"(found: {', '.join(show(c) for c in found)}){hint}. Export it with the column "
        "names of docs/loading.md (case and spaces do not matter)"
    )


# --- the summary for a person ----------------------------------------------------------------


def cli_load(args: argparse.Namespace) -> int:
    """Run `healthtech load` and print the account; return 0 loaded or 2 rejected."""
    result = load_warehouse(
        args.input,
        args.warehouse,
        strict=args.strict,
        rate_cap=args.rate_cap,
        lock_wait=LOCK_WAIT_SECONDS if args.wait is None else args.wait,
    )
    if result.status == "rejected":
        print(f"Load rejected: {result.message}", file=sys.stderr)
        if result.skipped:
            print(f"Not read ({len(result.skipped)} of the folder's entries):", file=sys.stderr)
            for entry in result.skipped:
                print(f"  {entry.name}: {entry.message}", file=sys.stderr)
        print(
            f"Nothing was changed: {result.warehouse} is as it was before this load.",
            file=sys.stderr,
        )
        return result.exit_code
    print(format_summary(result))
    print(f"\nLoaded into {result.warehouse} ({result.message}).")
    return result.exit_code
