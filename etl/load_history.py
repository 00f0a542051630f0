"""The history a load carries over: the previous warehouse, held open read-only while the
load runs, its load_runs, load_log and load_skipped, and this load's rows added to them."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl.inputs import Entry
from etl.load_result import FileSummary, LoadRejected
from etl.names import display_name
from warehouse.db import connect_read_only

HISTORY_TABLES = ("load_runs", "load_log", "load_skipped")


# How long a load waits for another program (a DuckDB shell, a script) that holds the warehouse
# open for writing to let go of it, before it is rejected.
LOCK_WAIT_SECONDS = 10.0


# Bytes 8-11 of every DuckDB database file.
_DUCKDB_MAGIC = b"DUCK"


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


def with_this_load(
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
