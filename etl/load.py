"""`healthtech load`: validate a folder of files and swap in a freshly built warehouse atomically.

The new warehouse is built in a temporary file beside the target, checked, checkpointed and
closed, and only then moved over the target with os.replace. Whatever goes wrong before that
moment leaves the target exactly as it was, byte for byte.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl.dimensions import fill_dimensions
from etl.parse import parse_bool, parse_date, parse_int, parse_month, parse_number
from etl.read import (
    EXCEL_SUFFIXES,
    KINDS,
    TEXT_SUFFIXES,
    RawTable,
    UnreadableFile,
    kind_of,
    read_table,
)
from etl.schemas import RATE_CAP_DKK, SPECS, personal_data_column
from etl.validate import QUARANTINE_COLUMNS, StagedValidation
from warehouse import reference as ref
from warehouse.db import create_schema, sql_files, warehouse_path

EXIT_LOADED = 0
EXIT_REJECTED = 2
HISTORY_TABLES = ("load_runs", "load_log")
# DuckDB builds the new warehouse with this many threads (the machine's 2 cores).
DUCKDB_THREADS = 2
# DuckDB's share of the load's memory (the staging tables spill to disk beyond it), so that the
# whole load stays under 4 GB with the largest input file in pandas beside it.
DUCKDB_MEMORY_LIMIT = "3GB"


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
    status: str = "loaded"
    message: str = ""


@dataclass
class LoadResult:
    """The outcome of one load: status `loaded` or `rejected`, and what each file gave."""

    status: str
    message: str
    warehouse: Path
    load_id: int | None = None
    files: list[FileSummary] = field(default_factory=list)
    quarantine: pd.DataFrame | None = None

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


def archive_input(path: Path, sha: str, target: Path) -> Path:
    """Copy an input file into the archive under its sha256 (once); return the archived path."""
    folder = archive_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    archived = folder / f"{sha}{path.suffix.lower()}"
    if not archived.exists():
        partial = archived.with_name(archived.name + f".part{os.getpid()}")
        shutil.copyfile(path, partial)
        os.replace(partial, archived)
    return archived


def list_input_files(input_dir: Path) -> tuple[list[Path], list[Path]]:
    """Return (input files, other files) of a folder, each sorted by name."""
    inputs, others = [], []
    for path in sorted(p for p in input_dir.iterdir() if p.is_file()):
        if path.name.startswith("."):
            continue
        suffix_ok = path.suffix.lower() in TEXT_SUFFIXES + EXCEL_SUFFIXES
        (inputs if suffix_ok and kind_of(path.name) else others).append(path)
    return inputs, others


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


def insert_final_tables(con: duckdb.DuckDBPyConnection, staged: StagedValidation) -> None:
    """Fill the fact tables from the staged rows that passed every rule."""
    for kind, special in FINAL_SELECT.items():
        rows = staged.valid_rows(kind)
        if rows is None:
            continue
        columns = _table_columns(con, kind)
        select = ", ".join(special.get(c, c) for c in columns)
        # table and column names are the warehouse's own, never input text
        con.execute(
            f"INSERT INTO {kind} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {select} FROM ({rows})"
        )
        if kind == "activities":
            # the partner clusters split into rows, each once per activity
            con.execute(
                f"""
                INSERT INTO activity_partners (activity_id, cluster)
                SELECT DISTINCT activity_id, code FROM (
                    SELECT activity_id, unnest(list_transform(
                               string_split(replace(partner_clusters, ',', ';'), ';'),
                               lambda c: regexp_replace(c, '^\\s+|\\s+$', '', 'g'))) AS code
                    FROM ({rows})
                ) WHERE code <> ''
                """  # noqa: S608
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


def _previous_history(target: Path) -> tuple[dict[str, pd.DataFrame], str]:
    """Read load_runs and load_log of the current warehouse, if there is a readable one."""
    if not target.exists():
        return {}, ""
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error as exc:
        return {}, f"the previous warehouse could not be opened ({exc}); its history is not kept"
    try:
        history = {t: con.execute(f"SELECT * FROM {t}").df() for t in HISTORY_TABLES}  # noqa: S608
    except duckdb.Error as exc:
        return {}, f"the previous warehouse's history could not be read ({exc})"
    finally:
        con.close()
    return history, ""


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
            _insert(con, table, history[table])
    staged.drop_staging()
    problems = run_checks(con)
    if problems:
        raise LoadRejected("the built warehouse failed its checks: " + "; ".join(problems))
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
) -> LoadResult:
    """Validate every file of `input_dir` and, unless rejected, swap in a new warehouse."""
    target = warehouse_path(warehouse).resolve()
    started = datetime.now().replace(microsecond=0)
    cap = ref.DEFAULT_RATE_CAP_DKK if rate_cap is None else float(rate_cap)
    input_dir = Path(input_dir)
    if not input_dir.is_dir():
        return LoadResult("rejected", f"the input folder {input_dir} does not exist", target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return LoadResult("rejected", f"cannot create the folder {target.parent}: {exc}", target)

    lock_path = target.with_name(target.name + ".load.lock")
    try:
        lock = lock_path.open("a")
    except OSError as exc:
        return LoadResult("rejected", f"cannot write beside {target}: {exc}", target)
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one load at a time per warehouse
        remove_stale_temps(target)
        token = RATE_CAP_DKK.set(cap)
        temp = target.with_name(f"{target.name}.tmp{os.getpid()}")
        try:
            return _load_locked(input_dir, target, temp, started, strict, cap)
        except LoadRejected as exc:
            return LoadResult("rejected", str(exc), target)
        except OSError as exc:
            return LoadResult(
                "rejected", f"the warehouse could not be written ({exc.strerror or exc})", target
            )
        except duckdb.Error as exc:
            # e.g. a disk that fills up while DuckDB writes the new file
            return LoadResult("rejected", f"the warehouse could not be built: {exc}", target)
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
    input_dir: Path, target: Path, temp: Path, started: datetime, strict: bool, cap: float
) -> LoadResult:
    inputs, others = list_input_files(input_dir)
    if not inputs:
        raise LoadRejected(
            f"no input files in {input_dir}: names must start with one of {', '.join(KINDS)} "
            "and end in .csv or .xlsx"
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

        history, history_note = _previous_history(target)
        runs = history.get("load_runs")
        load_id = int(runs["load_id"].max()) + 1 if runs is not None and not runs.empty else 1
        finished = datetime.now().replace(microsecond=0)
        history = _with_this_load(
            history, summaries, others, load_id, started, finished, input_dir, strict, cap
        )
        build_warehouse(con, staged, quarantine, history, load_id)
    finally:
        con.close()
    swap_in(temp, target)
    note = f"\n{history_note}" if history_note else ""
    return LoadResult(
        "loaded", f"load {load_id} done{note}", target, load_id, summaries, quarantine
    )


def _read_file(
    path: Path, expected: dict[str, set[str]], target: Path
) -> tuple[FileSummary, RawTable]:
    """Read and archive one input file; raise LoadRejected if it cannot be loaded at all."""
    sha = sha256_of(path)
    summary = FileSummary(path.name, kind_of(path.name), path.stat().st_size, sha)
    try:
        table = read_table(path, expected)
    except UnreadableFile as exc:
        raise LoadRejected(f"{exc.file_name} cannot be read: {exc.reason}") from exc
    missing = [c for c in SPECS[table.kind].required if c not in table.frame.columns]
    if missing:
        raise LoadRejected(
            f"{path.name} lacks the required column(s) {', '.join(missing)} "
            f"(found: {', '.join(c for c in table.frame.columns if c != '_overflow')})"
        )
    for column in table.extra_columns:
        why = personal_data_column(column, table.frame[column])
        if why:
            raise LoadRejected(
                f"{path.name} is refused: {why}. The network does not store personal "
                "data; remove the column and send the file again"
            )
    summary.encoding, summary.delimiter = table.encoding, table.delimiter
    summary.rows_read = len(table.frame)
    if table.extra_columns:
        summary.message = "ignored extra column(s): " + ", ".join(table.extra_columns)
    archive_input(path, sha, target)
    return summary, table


def _with_this_load(
    history: dict[str, pd.DataFrame],
    summaries: list[FileSummary],
    others: list[Path],
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
            }
            for s in summaries
        ]
    )
    run = pd.DataFrame(
        [
            {
                "load_id": load_id,
                "started_at": started,
                "finished_at": finished,
                "input_dir": str(input_dir.resolve()),
                "status": "loaded",
                "strict": strict,
                "rate_cap_dkk": cap,
                "files": len(summaries),
                "rows_read": sum(s.rows_read for s in summaries),
                "rows_loaded": sum(s.rows_loaded for s in summaries),
                "rows_quarantined": sum(s.rows_quarantined for s in summaries),
                "message": ("skipped: " + ", ".join(p.name for p in others)) if others else None,
            }
        ]
    )
    combined = {}
    for name, new in (("load_runs", run), ("load_log", log)):
        old = history.get(name)
        combined[name] = new if old is None or old.empty else pd.concat([old, new])
    return combined


# --- the summary for a person ----------------------------------------------------------------


def format_problems(quarantine: pd.DataFrame, per_file: int = 3) -> str:
    """Return, per file, its most common problems with one example each."""
    lines = []
    for file_name, group in quarantine.groupby("source_file", sort=True):
        counts = Counter(zip(group["rule"], group["column_name"].fillna(""), strict=True))
        lines.append(f"  {file_name}:")
        for (rule, column), n in counts.most_common(per_file):
            match = group[(group["rule"] == rule) & (group["column_name"].fillna("") == column)]
            example = match.iloc[0]
            value = example["original_value"]
            shown = f" '{value}'" if isinstance(value, str) and value != "" else ""
            where = f" in {column}" if column else ""
            lines.append(
                f"    {n} × {rule}{where}: {example['message']} "
                f"(e.g. row {example['row_number']}{shown})"
            )
    return "\n".join(lines)


def format_summary(result: LoadResult) -> str:
    """Return the per-file summary of a load as text for a person."""
    width = max([len(s.file_name) for s in result.files] + [4])
    lines = [
        f"{'file':<{width}}  {'read':>9}  {'loaded':>9}  {'quarantined':>11}",
    ]
    for s in result.files:
        lines.append(
            f"{s.file_name:<{width}}  {s.rows_read:>9,}  {s.rows_loaded:>9,}  "
            f"{s.rows_quarantined:>11,}"
        )
    total_q = sum(s.rows_quarantined for s in result.files)
    lines.append(
        f"{'total':<{width}}  {sum(s.rows_read for s in result.files):>9,}  "
        f"{sum(s.rows_loaded for s in result.files):>9,}  {total_q:>11,}"
    )
    ignored = [s for s in result.files if s.message]
    for s in ignored:
        lines.append(f"note: {s.file_name}: {s.message}")
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
    """Run `healthtech load` and print the summary; return 0 loaded or 2 rejected."""
    result = load_warehouse(args.input, args.warehouse, strict=args.strict, rate_cap=args.rate_cap)
    if result.status == "rejected":
        print(f"Load rejected: {result.message}", file=sys.stderr)
        print(
            f"Nothing was changed: {result.warehouse} is as it was before this load.",
            file=sys.stderr,
        )
        return result.exit_code
    print(format_summary(result))
    print(f"\nLoaded into {result.warehouse} ({result.message}).")
    return result.exit_code
