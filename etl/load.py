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
import re
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl.dimensions import fill_dimensions
from etl.inputs import Entry, InputFolderError, list_entries
from etl.load_models import create_models
from etl.names import KINDS, display_name, near_misses, show, visible
from etl.parse import parse_bool, parse_date, parse_int, parse_month, parse_number
from etl.read import RawTable, UnreadableFile, read_table
from etl.schemas import RATE_CAP_DKK, SPECS, personal_data_column
from etl.validate import QUARANTINE_COLUMNS, StagedValidation, ValidationDefect
from warehouse import reference as ref
from warehouse.db import connect_read_only, create_schema, sql_files, warehouse_path

EXIT_LOADED = 0
EXIT_REJECTED = 2
HISTORY_TABLES = ("load_runs", "load_log", "load_skipped")
# DuckDB builds the new warehouse with this many threads (the machine's 2 cores).
DUCKDB_THREADS = 2
# DuckDB's share of the load's memory (the staging tables spill to disk beyond it), so that the
# whole load stays under 4 GB with the largest input file in pandas beside it.
DUCKDB_MEMORY_LIMIT = "3GB"
# How long a load waits for another program (a DuckDB shell, a script) that holds the warehouse
# open for writing to let go of it, before it is rejected.
LOCK_WAIT_SECONDS = 10.0
# Bytes 8-11 of every DuckDB database file.
_DUCKDB_MAGIC = b"DUCK"


class LoadRejected(Exception):
    """The load cannot go ahead; the warehouse on disk stays as it was."""


@dataclass
class FileSummary:
    """What happened to one input file."""

    file_name: str
    kind: str | None
    size_bytes: int
    sha256: str
    encoding: str | None = None
    delimiter: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_skipped: int = 0
    status: str = "loaded"
    message: str = ""


@dataclass
class LoadResult:
    """The outcome of one load: status `loaded` or `rejected`, and what each entry gave."""

    status: str
    message: str
    warehouse: Path
    load_id: int | None = None
    files: list[FileSummary] = field(default_factory=list)
    quarantine: pd.DataFrame | None = None
    skipped: list[Entry] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_LOADED if self.status == "loaded" else EXIT_REJECTED


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def archive_dir(target: Path) -> Path:
    """Return the folder that keeps every loaded input file by its sha256, beside the warehouse."""
    return target.parent / "archive"


def archive_input(path: Path, sha: str, target: Path, data: bytes | None = None) -> Path:
    """Keep an input file in the archive under its sha256 (once); return the archived path.

    With `data`, those bytes are written (the very bytes the load parses), else the file is
    copied. A folder or file the load cannot write is a LoadRejected naming the archive.
    """
    folder = archive_dir(target)
    archived = folder / f"{sha}{path.suffix.lower()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not archived.exists():
            partial = archived.with_name(archived.name + f".part{os.getpid()}")
            if data is None:
                shutil.copyfile(path, partial)
            else:
                partial.write_bytes(data)
            os.replace(partial, archived)
    except OSError as exc:
        raise LoadRejected(
            f"the archive folder {folder} cannot be written ({exc.strerror or exc}); every input "
            "file is kept there (docs/operations.md, 'Backups'). Give the account that runs the "
            "load permission to write it, or free space, and load again"
        ) from exc
    return archived


def read_input(path: Path, name: str) -> bytes:
    """Return the bytes of an input file, opened without blocking and only if it is a file.

    A named pipe put in place of a file since the folder was listed is refused, never waited
    on; a file the load may not read is refused naming it (not the warehouse).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise LoadRejected(
            f"{name} cannot be read: {exc.strerror or exc} (an input file, not the warehouse); "
            "give the account that runs the load permission to read it, and load again"
        ) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LoadRejected(f"{name} cannot be read: it is no longer a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError as exc:
        raise LoadRejected(f"{name} cannot be read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


# --- from validated text to typed tables ---------------------------------------------------


def typed_frame(kind: str, v: pd.DataFrame) -> pd.DataFrame:
    """Convert valid text rows of one kind into the typed columns staged for its table.

    Optional text stays "" here (FINAL_SELECT turns it into NULL); dates are timestamps and
    whole numbers floats, cast to the warehouse's DATE and INTEGER types by FINAL_SELECT.
    """
    if kind == "organisations":
        employees = parse_int(v["employees"])
        out = {
            "org_id": v["org_id"],
            "name": v["name"],
            "org_type": v["org_type"],
            "cvr": v["cvr"],
            "employees": employees,
            "region": v["region"],
            "country": v["country"],
            "is_sme": (v["org_type"] == "company") & employees.notna() & (employees < 250),
        }
    elif kind == "activities":
        out = {
            "activity_id": v["activity_id"],
            "title": v["title"],
            "activity_type": v["activity_type"],
            "lead_cluster": v["lead_cluster"],
            "theme": v["theme"],
            "technology": v["technology"],
            "start_date": parse_date(v["start_date"]),
            "end_date": parse_date(v["end_date"]),
            "region": v["region"],
            "country": v["country"],
            "status": v["status"],
            "users_involved": parse_bool(v["users_involved"]).astype(bool),
            "partner_clusters": v["partner_clusters"],
        }
    elif kind == "participations":
        out = {
            "activity_id": v["activity_id"],
            "org_id": v["org_id"],
            "participants": parse_int(v["participants"]),
            "role": v["role"],
        }
    elif kind == "inkind":
        out = {
            "entry_id": v["entry_id"],
            "org_id": v["org_id"],
            "activity_id": v["activity_id"],
            "month": parse_month(v["month"]),
            "hours": parse_number(v["hours"]).round(2),
            "hourly_rate_dkk": parse_number(v["hourly_rate_dkk"]).round(2),
            "documentation": v["documentation"],
        }
    elif kind == "funding":
        year = parse_int(v["year"]).astype("int64")
        quarter = parse_int(v["quarter"]).astype("int64")
        out = {
            "funding_id": v["funding_id"],
            "year": year,
            "quarter": quarter,
            "period_start": pd.to_datetime(
                pd.DataFrame({"year": year, "month": (quarter - 1) * 3 + 1, "day": 1})
            ),
            "source": v["source"],
            "flow": v["flow"],
            "cluster": v["cluster"],
            "region": v["region"],
            "category": v["category"],
            "amount_dkk": parse_number(v["amount_dkk"]).round(2),
        }
    elif kind == "applications":
        out = {
            "application_id": v["application_id"],
            "activity_id": v["activity_id"],
            "lead_org_id": v["lead_org_id"],
            "fund": v["fund"],
            "submitted_date": parse_date(v["submitted_date"]),
            "amount_applied_dkk": parse_number(v["amount_applied_dkk"]).round(2),
            "status": v["status"],
            "amount_granted_dkk": parse_number(v["amount_granted_dkk"]).round(2),
        }
    elif kind == "outcomes":
        out = {
            "org_id": v["org_id"],
            "year": parse_int(v["year"]).astype("int64"),
            "new_knowledge": parse_bool(v["new_knowledge"]).astype(bool),
            "new_product": parse_bool(v["new_product"]).astype(bool),
            "new_collaboration": parse_bool(v["new_collaboration"]).astype(bool),
        }
    elif kind == "targets":
        out = {
            "kpi_id": v["kpi_id"],
            "year": parse_int(v["year"]).astype("int64"),
            "scope": v["scope"],
            "target": parse_number(v["target"]),
        }
    else:
        raise ValueError(kind)
    frame = pd.DataFrame(out, index=v.index)
    # the file's name is added from `staged_files` when the final tables are filled
    frame["source_row"] = v["_row"]
    return frame.reset_index(drop=True)


# Per warehouse table: its columns and how each is selected from the staged typed rows.
FINAL_SELECT: dict[str, dict[str, str]] = {
    "organisations": {
        "cvr": "NULLIF(cvr, '')",
        "employees": "CAST(employees AS INTEGER)",
        "region": "NULLIF(region, '')",
    },
    "activities": {
        "technology": "NULLIF(technology, '')",
        "start_date": "CAST(start_date AS DATE)",
        "end_date": "CAST(end_date AS DATE)",
        "region": "NULLIF(region, '')",
    },
    "participations": {"participants": "CAST(participants AS INTEGER)"},
    "inkind": {
        "month": "CAST(month AS DATE)",
        "hours": "CAST(hours AS DECIMAL(10, 2))",
        "hourly_rate_dkk": "CAST(hourly_rate_dkk AS DECIMAL(12, 2))",
        "value_dkk": "CAST(hours AS DECIMAL(10, 2)) * CAST(hourly_rate_dkk AS DECIMAL(12, 2))",
    },
    "funding": {"period_start": "CAST(period_start AS DATE)", "region": "NULLIF(region, '')"},
    "applications": {"submitted_date": "CAST(submitted_date AS DATE)"},
    "outcomes": {},
    "targets": {},
}


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


# The integer surrogate keys (docs/loading.md, "Keys"). A dimension numbers its rows 1..n in
# the order given here: (key column, id column, order).
DIMENSION_KEYS: dict[str, tuple[str, str, str]] = {
    "organisations": ("org_key", "org_id", "org_id"),
    "activities": ("activity_key", "activity_id", "start_date, activity_id"),
}
# A fact looks each of its keys up by its id: (key column, id column, dimension).
_ACTIVITY_KEY = ("activity_key", "activity_id", "activities")
_ORG_KEY = ("org_key", "org_id", "organisations")
KEY_LOOKUPS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "activity_partners": (_ACTIVITY_KEY,),
    "participations": (_ACTIVITY_KEY, _ORG_KEY),
    "inkind": (_ACTIVITY_KEY, _ORG_KEY),
    "applications": (_ACTIVITY_KEY, ("lead_org_key", "lead_org_id", "organisations")),
    "outcomes": (_ORG_KEY,),
}
# The order each table is stored in (facts in activity order, so that the KPI passes scan them
# activity by activity); a table not named keeps the order of its files.
STORED_ORDER: dict[str, str] = {
    "organisations": "org_key",
    "activities": "activity_key",
    "activity_partners": "activity_key, cluster",
    "participations": "activity_key, org_key",
    "inkind": "activity_key, month, entry_id",
    "applications": "activity_key, application_id",
}


def key_columns(table: str) -> set[str]:
    """The surrogate key columns of a table (none for funding, targets and the bookkeeping)."""
    keys = {key for key, _, _ in KEY_LOOKUPS.get(table, ())}
    return keys | ({DIMENSION_KEYS[table][0]} if table in DIMENSION_KEYS else set())


def _with_keys(table: str, rows: str) -> str:
    """SQL selecting `rows` (the table's other columns) with its keys, in its stored order.

    A fact's keys are looked up with a LEFT JOIN: a row whose id had no key (the load checked
    every reference, so never) would break the NOT NULL key column and reject the load, rather
    than vanish from the warehouse.
    """
    keys, joins = [], []
    if table in DIMENSION_KEYS:
        key, _, order = DIMENSION_KEYS[table]
        keys.append(f"row_number() OVER (ORDER BY {order}) AS {key}")
    for n, (key, id_column, dimension) in enumerate(KEY_LOOKUPS.get(table, ())):
        dimension_key, dimension_id, _ = DIMENSION_KEYS[dimension]
        keys.append(f"k{n}.{dimension_key} AS {key}")
        joins.append(f"LEFT JOIN {dimension} AS k{n} ON k{n}.{dimension_id} = r.{id_column}")
    order = f" ORDER BY {STORED_ORDER[table]}" if table in STORED_ORDER else ""
    # table and column names are the warehouse's own, never input text
    return f"SELECT r.*, {', '.join(keys)} FROM ({rows}) AS r {' '.join(joins)}{order}"  # noqa: S608


def insert_final_tables(con: duckdb.DuckDBPyConnection, staged: StagedValidation) -> None:
    """Fill the fact tables from the staged rows that passed every rule, with their keys."""
    for kind, special in FINAL_SELECT.items():
        rows = staged.valid_rows(kind)
        if rows is None:
            continue
        keys = key_columns(kind)
        columns = [c for c in _table_columns(con, kind) if c not in keys]
        select = ", ".join(f"{special.get(c, c)} AS {c}" for c in columns)
        statement = f"SELECT {select} FROM ({rows})"  # noqa: S608
        if keys:
            statement = _with_keys(kind, statement)
        # table and column names are the warehouse's own, never input text
        con.execute(f"INSERT INTO {kind} BY NAME {statement}")  # noqa: S608
        if kind == "activities":
            # the partner clusters split into rows, each once per activity
            partners = f"""
                SELECT DISTINCT activity_id, code AS cluster FROM (
                    SELECT activity_id, unnest(list_transform(
                               string_split(replace(partner_clusters, ',', ';'), ';'),
                               lambda c: regexp_replace(c, '^\\s+|\\s+$', '', 'g'))) AS code
                    FROM ({rows})
                ) WHERE code <> ''
                """  # noqa: S608
            con.execute(
                f"INSERT INTO activity_partners BY NAME {_with_keys('activity_partners', partners)}"
            )


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame into a table by column name (table names come from our own list)."""
    columns = ", ".join(frame.columns)
    con.register("incoming", frame)
    try:
        # identifiers are the warehouse's own table and column names, never input text
        con.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming"  # noqa: S608
        )
    finally:
        con.unregister("incoming")


def _what_file_is(head: bytes) -> str:
    """Say what a file is from its first bytes, for the refusal of a --warehouse path."""
    if head.startswith(b"PK"):
        return "a zip archive (an .xlsx workbook?)"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith(b"SQLite format 3"):
        return "an SQLite database"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Office document (.xls or .doc)"
    return "not a DuckDB database"


def _not_a_warehouse(target: Path, what: str) -> LoadRejected:
    return LoadRejected(
        f"--warehouse {target} exists and is not a warehouse of this project ({what}); it is left "
        "as it is. Give --warehouse a new file or an existing warehouse, or move that file away"
    )


def _open_previous(target: Path, wait: float, stack: ExitStack) -> duckdb.DuckDBPyConnection:
    """Open the current warehouse read-only (closed with `stack`), waiting up to `wait` s for
    another program that holds it open for writing to let go."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return stack.enter_context(connect_read_only(target))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise _not_a_warehouse(target, f"DuckDB cannot open it: {exc}") from exc
            if time.monotonic() >= deadline:
                held = re.search(r"held in (.*?) \(PID (\d+)\)", str(exc))
                holder = f"{held[1]} (PID {held[2]})" if held else "another process"
                raise LoadRejected(
                    f"the warehouse {target} is open for writing by another program: {holder}, "
                    f"and stayed so for {wait:g} s; nothing was changed. Close that program "
                    "(e.g. quit the duckdb shell) and load again"
                ) from exc
            time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
        except duckdb.Error as exc:
            raise _not_a_warehouse(target, f"DuckDB cannot open it: {exc}") from exc


@contextmanager
def previous_warehouse(target: Path, wait: float) -> Iterator[dict[str, pd.DataFrame]]:
    """Yield the history of the current warehouse, holding it open read-only meanwhile.

    While held, no other program can open the file for writing, so the history carried over is
    the history the swap replaces. No file (or an empty one): no history. A file that is not a
    warehouse of this project is refused, never overwritten.
    """
    if target.exists() and target.is_dir():
        raise _not_a_warehouse(target, "a folder")
    if not target.exists() or target.stat().st_size == 0:
        yield {}
        return
    try:
        with target.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise LoadRejected(
            f"the warehouse {target} cannot be read ({exc.strerror or exc}); nothing was changed"
        ) from exc
    if head[8:12] != _DUCKDB_MAGIC:
        raise _not_a_warehouse(target, _what_file_is(head))
    with ExitStack() as stack:
        con = _open_previous(target, wait, stack)
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        }
        if not {"load_runs", "load_log"} <= tables:
            raise _not_a_warehouse(target, "a DuckDB database without a load history")
        history = {
            t: con.execute(f"SELECT * FROM {t}").df()  # noqa: S608 - our own table names
            for t in HISTORY_TABLES
            if t in tables
        }
        yield history


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
    _insert(con, "quarantine", q)
    for table in HISTORY_TABLES:
        if table in history and not history[table].empty:
            # an older warehouse's history lacks the newer columns: they stay NULL
            known = _table_columns(con, table)
            _insert(con, table, history[table][[c for c in history[table] if c in known]])
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
        history = _with_this_load(
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


def _with_this_load(
    history: dict[str, pd.DataFrame],
    summaries: list[FileSummary],
    skipped: list[Entry],
    load_id: int,
    started: datetime,
    finished: datetime,
    input_dir: Path,
    strict: bool,
    cap: float,
) -> dict[str, pd.DataFrame]:
    log = pd.DataFrame(
        [
            {
                "load_id": load_id,
                "file_name": s.file_name,
                "kind": s.kind,
                "size_bytes": s.size_bytes,
                "sha256": s.sha256,
                "encoding": s.encoding,
                "delimiter": s.delimiter,
                "rows_read": s.rows_read,
                "rows_loaded": s.rows_loaded,
                "rows_quarantined": s.rows_quarantined,
                "status": s.status,
                "message": s.message or None,
                "loaded_at": finished,
                "rows_skipped": s.rows_skipped,
            }
            for s in summaries
        ]
    )
    not_read = pd.DataFrame(
        [
            {
                "load_id": load_id,
                "entry_name": e.name,
                "reason": e.reason,
                "message": e.message,
                "size_bytes": e.size_bytes,
            }
            for e in skipped
        ],
        columns=["load_id", "entry_name", "reason", "message", "size_bytes"],
    )
    run = pd.DataFrame(
        [
            {
                "load_id": load_id,
                "started_at": started,
                "finished_at": finished,
                "input_dir": display_name(str(input_dir.resolve())),
                "status": "loaded",
                "strict": strict,
                "rate_cap_dkk": cap,
                "files": len(summaries),
                "rows_read": sum(s.rows_read for s in summaries),
                "rows_loaded": sum(s.rows_loaded for s in summaries),
                "rows_quarantined": sum(s.rows_quarantined for s in summaries),
                "message": (
                    "not read: " + ", ".join(f"{e.name} ({e.reason})" for e in skipped)
                    if skipped
                    else None
                ),
                "entries_skipped": len(skipped),
            }
        ]
    )
    combined = {}
    for name, new in (("load_runs", run), ("load_log", log), ("load_skipped", not_read)):
        old = history.get(name)
        combined[name] = new if old is None or old.empty else pd.concat([old, new])
    return combined


# --- the summary for a person ----------------------------------------------------------------


def format_problems(quarantine: pd.DataFrame, per_file: int = 3) -> str:
    """Return, per file, its most common problems with one example each."""
    lines = []
    records = quarantine.assign(column_name=quarantine["column_name"].fillna("").astype(object))
    for file_name, group in records.groupby("source_file", sort=True):
        # counted by pandas, not row by row in Python: a file may have a million records
        counts = group.groupby(["rule", "column_name"], sort=False).size()
        counts = counts.sort_values(ascending=False, kind="stable").head(per_file)
        firsts = group.drop_duplicates(["rule", "column_name"]).set_index(["rule", "column_name"])
        lines.append(f"  {file_name}:")
        for (rule, column), n in counts.items():
            example = firsts.loc[(rule, column)]
            value = example["original_value"]
            shown = f" '{show(value)}'" if isinstance(value, str) and value else ""
            where = f" in {column}" if column else ""
            lines.append(
                f"    {n} × {rule}{where}: {example['message']} "
                f"(e.g. row {example['row_number']}{shown})"
            )
    return "\n".join(lines)


def format_summary(result: LoadResult) -> str:
    """Return the account of a load for a person: every entry of the input folder.

    Each file read: its rows read, loaded, quarantined and skipped (blank or title rows); each
    entry not read: why, and what to do.
    """
    width = max([len(s.file_name) for s in result.files] + [4])
    lines = [
        f"{'file':<{width}}  {'read':>9}  {'loaded':>9}  {'quarantined':>11}  {'skipped':>7}",
    ]
    for s in result.files:
        lines.append(
            f"{s.file_name:<{width}}  {s.rows_read:>9,}  {s.rows_loaded:>9,}  "
            f"{s.rows_quarantined:>11,}  {s.rows_skipped:>7,}"
        )
    total_q = sum(s.rows_quarantined for s in result.files)
    lines.append(
        f"{'total':<{width}}  {sum(s.rows_read for s in result.files):>9,}  "
        f"{sum(s.rows_loaded for s in result.files):>9,}  {total_q:>11,}  "
        f"{sum(s.rows_skipped for s in result.files):>7,}"
    )
    lines.append("(skipped: blank rows and rows above the header)")
    for s in result.files:
        if s.message:
            lines.append(f"note: {s.file_name}: {s.message}")
    if result.skipped:
        lines.append("")
        lines.append(f"Not read ({len(result.skipped)} of the folder's entries):")
        lines += [f"  {e.name}: {e.message}" for e in result.skipped]
    if result.quarantine is not None and not result.quarantine.empty:
        lines.append("")
        lines.append("Most common problems (rows kept aside in quarantine):")
        lines.append(format_problems(result.quarantine))
        lines.append(
            "Details: the dashboard's Datakvalitet page, or the table `quarantine` in "
            f"{result.warehouse}."
        )
    return "\n".join(lines)


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
