"""Notes on KPIs: the steering committee's commentary, actions and deviation explanations.

A note belongs to (year, KPI id, scope), scope `ALL` (national) or a cluster code. It holds a
text and an optional action with an owner and a due date. Notes live in a SQLite file beside the
warehouse (`notes.sqlite` in the warehouse's folder, or `$HEALTHTECH_NOTES`), never in the
warehouse itself: a load replaces the warehouse file and must never touch the notes.

Nothing is ever overwritten. A note is a row of `notes` (who created it, when, for what) and one
row of `note_versions` per edit (the text, action, owner and due date as they were, who wrote
them and when); triggers refuse UPDATE and DELETE on both tables. The current note is its
latest version.

Writers are safe together: WAL mode, a busy timeout, and every write in one `BEGIN IMMEDIATE`
transaction (the version number is decided inside it). Who may write is decided here, in the
data layer, not by hiding buttons (`may_write`): steering (and open local mode and the command
line) any scope, a cluster lead only their own cluster's scope, the ministry nobody.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from warehouse.db import warehouse_path
from warehouse.kpi_catalogue import KPI_IDS
from warehouse.reference import codes

ENV_NOTES = "HEALTHTECH_NOTES"
NOTES_FILE = "notes.sqlite"
NATIONAL = "ALL"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 30.0

MAX_TEXT = 2000
MAX_ACTION = 500
MAX_EMAIL = 254
FIRST_YEAR, LAST_YEAR = 2000, 2100

#: roles that may write a note of any scope ("cli": the command line, run by the secretariat)
WRITE_ANY = frozenset({"steering", "open", "cli"})

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: the columns of list_notes (one row per note: its latest version)
COLUMNS = (
    "note_id",
    "year",
    "kpi_id",
    "scope",
    "text",
    "action",
    "owner",
    "due",
    "created_at",
    "created_by",
    "edited_at",
    "edited_by",
    "version",
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    note_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    year        INTEGER NOT NULL,
    kpi_id      TEXT    NOT NULL,
    scope       TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS note_versions (
    note_id     INTEGER NOT NULL REFERENCES notes (note_id),
    version     INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    action      TEXT,
    owner       TEXT,
    due         TEXT,
    edited_at   TEXT    NOT NULL,
    edited_by   TEXT    NOT NULL,
    PRIMARY KEY (note_id, version)
);
CREATE INDEX IF NOT EXISTS notes_by_kpi ON notes (year, kpi_id, scope);
CREATE TRIGGER IF NOT EXISTS notes_never_updated BEFORE UPDATE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are never overwritten'); END;
CREATE TRIGGER IF NOT EXISTS notes_never_deleted BEFORE DELETE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS note_versions_never_updated BEFORE UPDATE ON note_versions
BEGIN SELECT RAISE(ABORT, 'notes are never overwritten'); END;
CREATE TRIGGER IF NOT EXISTS note_versions_never_deleted BEFORE DELETE ON note_versions
BEGIN SELECT RAISE(ABORT, 'notes are never deleted'); END;
"""

LATEST = """
WITH latest AS (
    SELECT note_id, max(version) AS version FROM note_versions GROUP BY note_id
)
SELECT n.note_id, n.year, n.kpi_id, n.scope, v.text, v.action, v.owner, v.due,
       n.created_at, n.created_by, v.edited_at, v.edited_by, v.version
FROM notes AS n
JOIN latest AS l USING (note_id)
JOIN note_versions AS v ON v.note_id = l.note_id AND v.version = l.version
WHERE (:year IS NULL OR n.year = :year)
  AND (:kpi_id IS NULL OR n.kpi_id = :kpi_id)
  AND (:scope IS NULL OR n.scope = :scope)
ORDER BY n.year, n.kpi_id, n.scope, v.edited_at, n.note_id
"""


class NoteError(ValueError):
    """A note that cannot be written as given; the message says what to change, `code` which
    rule it broke (the dashboard shows its own words for it)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class NotePermissionError(PermissionError):
    """The writer may not write a note of that scope."""


@dataclass(frozen=True)
class NoteWriter:
    """Who writes: an e-mail address, a role name and, for a cluster lead, their cluster."""

    email: str
    role: str
    cluster: str | None = None


def notes_path(warehouse: str | os.PathLike | None = None) -> Path:
    """`$HEALTHTECH_NOTES`, else notes.sqlite in the folder of the warehouse file."""
    explicit = os.environ.get(ENV_NOTES)
    if explicit:
        return Path(explicit)
    return warehouse_path(warehouse).parent / NOTES_FILE


def may_write(writer: NoteWriter, scope: str) -> bool:
    """True if `writer` may write a note of `scope` (ALL or a cluster code)."""
    if writer.role in WRITE_ANY:
        return True
    if writer.role == "cluster_lead":
        return writer.cluster is not None and scope == writer.cluster
    return False


def writable_scopes(writer: NoteWriter) -> list[str]:
    """The scopes `writer` may write notes for, national first."""
    return [s for s in (NATIONAL, *codes("cluster")) if may_write(writer, s)]


# --- validation ---------------------------------------------------------------------------------


def _clean_text(value: object, what: str, limit: int, required: bool) -> str | None:
    """Text as stored: NFC, line ends as \\n, no other control characters, within `limit`."""
    if value is None:
        if required:
            raise NoteError("empty", f"{what} is empty")
        return None
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    bad = sorted(
        {f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc"} - {"U+0009", "U+000A"}
    )
    if bad:
        raise NoteError("control", f"{what} contains control characters ({', '.join(bad)})")
    text = text.strip()
    if not text:
        if required:
            raise NoteError("empty", f"{what} is empty")
        return None
    if len(text) > limit:
        raise NoteError(
            "too_long", f"{what} is {len(text)} characters long; at most {limit} are allowed"
        )
    return text


def _clean_email(value: object, what: str, required: bool) -> str | None:
    text = _clean_text(value, what, MAX_EMAIL, required)
    if text is None:
        return None
    if not EMAIL.match(text):
        raise NoteError("email", f"{what} {text!r} is not an e-mail address")
    return text.lower()


def _clean_due(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise NoteError("due", f"the due date {str(value)!r} is not a date (YYYY-MM-DD)") from None


def check_year(year: object) -> int:
    """`year` as an int within FIRST_YEAR..LAST_YEAR; NoteError if not."""
    try:
        y = int(year)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise NoteError("year", f"the year {year!r} is not a year") from None
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise NoteError("year", f"the year {y} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return y


def check_kpi(kpi_id: object) -> str:
    """`kpi_id` if it is in the KPI catalogue; NoteError if not."""
    if kpi_id not in KPI_IDS:
        raise NoteError("kpi", f"unknown KPI {kpi_id!r}; the KPI ids are: {', '.join(KPI_IDS)}")
    return str(kpi_id)


def check_scope(scope: object) -> str:
    """`scope` if it is ALL or a cluster code; NoteError if not."""
    scopes = (NATIONAL, *codes("cluster"))
    if scope not in scopes:
        raise NoteError("scope", f"unknown cluster {scope!r}; one of: {', '.join(scopes)}")
    return str(scope)


# --- storage ------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the notes file (created with its schema if new), closed afterwards."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)) as con:
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
        con.execute("PRAGMA foreign_keys = ON")
        if con.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            # one transaction (executescript would commit a transaction begun outside it); every
            # statement is IF NOT EXISTS, so two first writers at once are harmless
            con.executescript(
                f"BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            )
        yield con


@contextmanager
def _write(path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction (BEGIN IMMEDIATE: writers queue instead of failing on upgrade)."""
    with _connect(path) as con:
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


def add_note(
    year: int,
    kpi_id: str,
    scope: str,
    text: str,
    writer: NoteWriter,
    action: str | None = None,
    owner: str | None = None,
    due: date | str | None = None,
    path: str | os.PathLike | None = None,
) -> int:
    """Write a new note and return its id. NoteError on bad input, NotePermissionError if the
    writer may not write notes of that scope."""
    y, kpi, sc = check_year(year), check_kpi(kpi_id), check_scope(scope)
    author = _clean_email(writer.email, "the author", required=True)
    if not may_write(writer, sc):
        raise NotePermissionError(f"{writer.email} ({writer.role}) may not write notes for {sc}")
    body = _clean_text(text, "the note", MAX_TEXT, required=True)
    act = _clean_text(action, "the action", MAX_ACTION, required=False)
    own = _clean_email(owner, "the owner", required=False)
    due_text = _clean_due(due)
    stamp = _now()
    with _write(Path(path) if path else notes_path()) as con:
        note_id = con.execute(
            "INSERT INTO notes (year, kpi_id, scope, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?) RETURNING note_id",
            (y, kpi, sc, stamp, author),
        ).fetchone()[0]
        con.execute(
            "INSERT INTO note_versions VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
            (note_id, body, act, own, due_text, stamp, author),
        )
    return int(note_id)


_KEEP = object()


def edit_note(
    note_id: int,
    writer: NoteWriter,
    text: object = _KEEP,
    action: object = _KEEP,
    owner: object = _KEEP,
    due: object = _KEEP,
    path: str | os.PathLike | None = None,
) -> int:
    """Add a new version of note `note_id` (fields not given are kept; None or "" clears an
    optional one) and return its version number. The earlier versions stay as they were."""
    author = _clean_email(writer.email, "the author", required=True)
    with _write(Path(path) if path else notes_path()) as con:
        row = con.execute(
            "SELECT n.scope, v.version, v.text, v.action, v.owner, v.due FROM notes AS n "
            "JOIN note_versions AS v USING (note_id) WHERE n.note_id = ? "
            "ORDER BY v.version DESC LIMIT 1",
            (int(note_id),),
        ).fetchone()
        if row is None:
            raise NoteError("no_note", f"there is no note {note_id}")
        scope, version, old_text, old_action, old_owner, old_due = row
        if not may_write(writer, scope):
            raise NotePermissionError(
                f"{writer.email} ({writer.role}) may not edit notes for {scope}"
            )
        new = (
            old_text if text is _KEEP else _clean_text(text, "the note", MAX_TEXT, True),
            old_action
            if action is _KEEP
            else _clean_text(action, "the action", MAX_ACTION, required=False),
            old_owner if owner is _KEEP else _clean_email(owner, "the owner", required=False),
            old_due if due is _KEEP else _clean_due(due),
        )
        if new == (old_text, old_action, old_owner, old_due):
            raise NoteError("no_change", f"the edit of note {note_id} changes nothing")
        con.execute(
            "INSERT INTO note_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (int(note_id), version + 1, *new, _now(), author),
        )
    return int(version + 1)


def _frame(rows: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
    """Rows as a frame; ids and numbers as integers, empty text as None (not NaN)."""
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    for column in frame.columns:
        if column in ("note_id", "year", "version"):
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def empty_notes() -> pd.DataFrame:
    """A frame of no notes with list_notes' columns."""
    return _frame([], COLUMNS)


def list_notes(
    year: int | None = None,
    kpi_id: str | None = None,
    scope: str | None = None,
    path: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """The current version of every note matching the filters (COLUMNS), oldest first.

    A notes file that does not exist yet is not created: there are simply no notes.
    """
    target = Path(path) if path else notes_path()
    if not target.exists():
        return empty_notes()
    with _connect(target) as con:
        rows = con.execute(LATEST, {"year": year, "kpi_id": kpi_id, "scope": scope}).fetchall()
    return _frame(rows, COLUMNS)


def note_history(note_id: int, path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every version of note `note_id`, first to last (version, text, action, owner, due,
    edited_at, edited_by)."""
    columns = ("version", "text", "action", "owner", "due", "edited_at", "edited_by")
    target = Path(path) if path else notes_path()
    if not target.exists():
        return _frame([], columns)
    with _connect(target) as con:
        rows = con.execute(
            "SELECT version, text, action, owner, due, edited_at, edited_by "
            "FROM note_versions WHERE note_id = ? ORDER BY version",
            (int(note_id),),
        ).fetchall()
    return _frame(rows, columns)


def backup_notes(out: str | os.PathLike, path: str | os.PathLike | None = None) -> Path:
    """Copy the notes file to `out` with SQLite's online backup (safe while others write)."""
    source = Path(path) if path else notes_path()
    if not source.exists():
        raise NoteError("no_file", f"there is no notes file at {source}")
    target = Path(out)
    if target.exists():
        raise NoteError("exists", f"{target} exists already; choose a new file name")
    with _connect(source) as con, closing(sqlite3.connect(target)) as dst:
        con.backup(dst)
    return target
