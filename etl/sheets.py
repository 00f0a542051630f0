"""Read the data sheet of a spreadsheet (XLSX or ODS) safely: checked first, then in a child.

The native reader (python-calamine, Rust) asks for memory for the whole rectangle from A1 to
the last cell that holds a value, and aborts the process when it cannot have it: one stray cell
at XFD1048576 asks for 550 GB. So a spreadsheet is
1. checked as a zip archive (not truncated, encrypted, or a zip bomb) and, for XLSX, its sheets'
   cell references are scanned (streamed, never unpacked whole) for the extent of each sheet;
   a sheet beyond `MAX_SHEET_CELLS` is refused, naming the cell (`etl/workbook_archive.py`);
2. read in a child process (`python -m etl.sheets`) with limits on its memory and CPU time, so
   whatever the file holds, a crash ends the child, never the load; it is then refused.

Standard library only at import time (the child imports this module under its memory limit).
"""

from __future__ import annotations

import json
import math
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from etl.errors import UnreadableFile
from etl.names import HEADER_SEARCH_ROWS, header_hits
from etl.workbook_archive import check_xlsx_extent, open_archive, spreadsheet_format

# The child process that runs the native reader: address space and CPU seconds. A sheet at
# MAX_SHEET_CELLS needs about 360 MB in the child (measured), so the limit leaves room, and the
# child and the load together stay around 1 GiB at worst.
CHILD_MEMORY_BYTES = 640 * 1024**2
CHILD_CPU_SECONDS = 60
CHILD_WALL_SECONDS = 120


@dataclass
class SheetInfo:
    """One sheet of a workbook: name, visibility and what its first rows look like."""

    name: str
    visible: bool
    rows: int  # rows that hold at least one value
    header_row: int  # index of the row naming most expected columns (-1: none)
    hits: int  # how many expected columns that row names


@dataclass
class SheetRead:
    """The chosen sheet's rows as text, what the workbook is, and the sheets not read."""

    rows: list[list[str]]
    sheet: str
    file_format: str  # "xlsx" or "ods"
    sheets: list[SheetInfo] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- the checks before any native code sees the file ----------------------------------------


# --- the child process ------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """Return a spreadsheet cell value as the text a CSV export would hold (ISO dates, no .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def header_threshold(required: int) -> int:
    """How many required columns a row must name for its sheet to count as a data sheet."""
    return max(2, math.ceil(required / 2))


def choose_sheet(sheets: list[SheetInfo], threshold: int) -> int | None:
    """Return the index of the data sheet, or None when no sheet has a header row.

    The data sheet is the first visible sheet whose first rows name at least `threshold` of the
    kind's required columns; if none does, the visible sheet naming most (as a CSV's header is
    found, so that "lacks the required column" can be said). Hidden sheets are never read.
    """
    visible = [i for i, s in enumerate(sheets) if s.visible]
    for index in visible:
        if sheets[index].hits >= threshold:
            return index
    best = max(visible, key=lambda i: sheets[i].hits, default=None)
    if best is None or sheets[best].hits == 0:
        return None
    return best


def sheet_problem(sheets: list[SheetInfo], chosen: int | None, threshold: int) -> str | None:
    """Return why the workbook cannot be read, naming the sheets, or None if it can."""
    holding = [s for s in sheets if s.visible and s.hits >= threshold]
    hidden = [s for s in sheets if not s.visible and s.hits >= threshold]
    if len(holding) > 1:
        names = ", ".join(f"'{s.name}'" for s in holding)
        return (
            f"the sheets {names} each hold a header row of this kind of file, so which one to "
            "load is unclear; send one data sheet per file (delete or move the others)"
        )
    if chosen is not None:
        return None
    if not any(s.visible for s in sheets):
        return "the workbook has no visible sheet"
    if hidden:
        return (
            f"the data seems to be on the hidden sheet '{hidden[0].name}', and hidden sheets are "
            "not read; unhide it (right-click a sheet tab > Unhide) and delete any stale sheets"
        )
    first = next(s for s in sheets if s.visible)
    if all(s.rows == 0 for s in sheets if s.visible):
        return f"the sheet '{first.name}' is empty"
    return (
        f"no header row on any visible sheet (first sheet: '{first.name}'): none of the first "
        f"{HEADER_SEARCH_ROWS} rows of a sheet names the expected columns"
    )


def _read_in_child(path: str, expected: list[str], required: int) -> dict:
    """The child's work: open the workbook, look at every sheet, return the chosen one's rows."""
    from python_calamine import CalamineWorkbook

    with open(path, "rb") as fh:
        workbook = CalamineWorkbook.from_filelike(fh)
    sheets, rows_by_sheet = [], {}
    for index, meta in enumerate(workbook.sheets_metadata):
        if "WorkSheet" not in str(meta.typ):
            continue
        visible = "Visible" in str(meta.visible) and "Hidden" not in str(meta.visible)
        head, count = [], 0
        for row in workbook.get_sheet_by_index(index).iter_rows():
            text = [cell_text(v) for v in row]
            if len(head) < HEADER_SEARCH_ROWS:
                head.append(text)
            if any(text):
                count += 1
        header_row, hits = header_hits(head, expected)
        sheets.append(SheetInfo(meta.name, visible, count, header_row, hits))
        rows_by_sheet[len(sheets) - 1] = index
    chosen = choose_sheet(sheets, header_threshold(required))
    rows = []
    if chosen is not None and sheet_problem(sheets, chosen, header_threshold(required)) is None:
        sheet = workbook.get_sheet_by_index(rows_by_sheet[chosen])
        rows = [[cell_text(v) for v in row] for row in sheet.iter_rows()]
    return {"sheets": [vars(s) for s in sheets], "chosen": chosen, "rows": rows}


def _child_main() -> None:
    """Entry of `python -m etl.sheets`: limits first, then read; the result is pickled out."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))
    request = json.loads(sys.stdin.read())
    try:
        result = _read_in_child(request["path"], request["expected"], request["required"])
    except MemoryError:
        result = {"error": "memory"}
    except Exception as exc:  # noqa: BLE001 - calamine's own error types; reported to the parent
        result = {"error": "unreadable", "detail": f"{type(exc).__name__}: {exc}"}
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


def _run_child(path: Path, file_name: str, expected: set[str], required: int) -> dict:
    """Run the native reader in a child process; refuse the file if the child fails."""
    request = json.dumps(
        {"path": str(path), "expected": sorted(expected), "required": required}
    ).encode()
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    env["RUST_BACKTRACE"] = "0"
    too_big = (
        f"reading it needs more than {CHILD_MEMORY_BYTES // 1024**2:,} MB of memory or "
        f"{CHILD_CPU_SECONDS} s, so it was stopped (a sheet with stray cells far from the data, "
        "or very many cells); delete what is not data and save it again, or send it as CSV"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-m", "etl.sheets"],
            input=request,
            capture_output=True,
            env=env,
            timeout=CHILD_WALL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise UnreadableFile(file_name, too_big) from exc
    if done.returncode != 0 or not done.stdout:
        # killed by the memory limit (SIGABRT from the allocator, SIGKILL) or the CPU limit
        raise UnreadableFile(file_name, too_big)
    result = pickle.loads(done.stdout)  # noqa: S301 - our own child's output, never the file's
    if result.get("error") == "memory":
        raise UnreadableFile(file_name, too_big)
    if result.get("error"):
        raise UnreadableFile(
            file_name,
            f"the spreadsheet is damaged and cannot be read ({result['detail']}); open it in "
            "Excel or LibreOffice and save it again as .xlsx",
        )
    return result


def read_spreadsheet(
    data: bytes, path: Path, file_name: str, expected: set[str], required: int
) -> SheetRead:
    """Read the data sheet of an XLSX or ODS file (given as bytes and as a path to the same
    bytes) into rows of text; raise UnreadableFile naming the sheet when it cannot be read."""
    archive = open_archive(data, file_name)
    with archive:
        file_format = spreadsheet_format(archive, file_name)
        if file_format == "xlsx":
            check_xlsx_extent(archive, file_name)
    result = _run_child(path, file_name, expected, required)
    sheets = [SheetInfo(**s) for s in result["sheets"]]
    threshold = header_threshold(required)
    problem = sheet_problem(sheets, result["chosen"], threshold)
    if problem:
        raise UnreadableFile(file_name, problem)
    chosen = sheets[result["chosen"]]
    notes = []
    suffix = path.suffix.lower()
    if file_format == "ods" and suffix != ".ods":
        notes.append("an OpenDocument spreadsheet (.ods) named otherwise: read as .ods")
    for sheet in sheets:
        if sheet is chosen or sheet.rows == 0:
            continue
        why = "hidden" if not sheet.visible else "no header row"
        notes.append(f"sheet '{sheet.name}' not read ({why}; {sheet.rows:,} rows)")
    return SheetRead(result["rows"], chosen.name, file_format, sheets, notes)


if __name__ == "__main__":
    _child_main()
