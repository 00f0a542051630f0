"""Read the data sheet of a spreadsheet (XLSX or ODS) safely: checked first, then in a child.

The native reader (python-calamine, Rust) asks for memory for the whole rectangle from A1 to
the last cell that holds a value, and aborts the process when it cannot have it: one stray cell
at XFD1048576 asks for 550 GB. So a spreadsheet is
1. checked as a zip archive (not truncated, encrypted, or a zip bomb) and, for XLSX, its sheets'
   cell references are scanned (streamed, never unpacked whole) for the extent of each sheet;
   a sheet beyond `MAX_SHEET_CELLS` is refused, naming the cell;
2. read in a child process (`python -m etl.sheets`) with limits on its memory and CPU time, so
   whatever the file holds, a crash ends the child, never the load; it is then refused.

Standard library only at import time (the child imports this module under its memory limit).
"""

from __future__ import annotations

import io
import json
import math
import os
import pickle
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

from etl.errors import UnreadableFile
from etl.names import HEADER_SEARCH_ROWS, header_hits

# Guards against a zip bomb disguised as a spreadsheet: refuse archives that inflate past this.
MAX_UNCOMPRESSED = 2 * 1024**3
MAX_RATIO = 200
# A sheet may span at most this many cells from A1 to its last cell with a value (a million
# rows of two columns, or 100,000 rows of 20): about 150 MB in the reader. Larger data goes
# as CSV, which has no such limit.
MAX_SHEET_CELLS = 2_000_000
# The child process that runs the native reader: address space and CPU seconds. A sheet at
# MAX_SHEET_CELLS needs about 360 MB in the child (measured), so the limit leaves room, and the
# child and the load together stay around 1 GiB at worst.
CHILD_MEMORY_BYTES = 640 * 1024**2
CHILD_CPU_SECONDS = 60
CHILD_WALL_SECONDS = 120

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# A cell with a value (`<c r="B7" ...>...</c>`, not the empty `<c r="B7" s="1"/>`).
_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,4})([0-9]{1,9})"[^>]*?(?<!/)>')


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


def _not_a_zip_reason(data: bytes) -> str:
    """Say what a spreadsheet file that is no zip archive is, from its bytes."""
    if data.startswith(_OLE2_SIGNATURE):
        if _ENCRYPTED_PACKAGE in data:
            return (
                "the workbook is password-protected (encrypted); remove the password in Excel "
                "(File > Info > Protect Workbook) and save it again as .xlsx"
            )
        return (
            "this is an old Excel 97-2003 workbook (.xls) named .xlsx; open it in Excel and "
            "save it as .xlsx"
        )
    if data.startswith(b"PK"):
        return (
            "the XLSX file is truncated or damaged (it starts as a zip archive but its end is "
            "missing); send it again or save it again as .xlsx"
        )
    return (
        "this is not a valid XLSX file (not a zip archive: truncated, password-protected "
        "or another format, e.g. a CSV named .xlsx); open it in Excel and save it again as .xlsx"
    )


def spreadsheet_format(archive: zipfile.ZipFile, file_name: str) -> str:
    """Return "xlsx" or "ods" from the archive's contents (whatever the file is named)."""
    names = set(archive.namelist())
    if "mimetype" in names:
        with archive.open("mimetype") as fh:
            if fh.read(100).strip() == _ODS_MIMETYPE:
                return "ods"
    if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        what = "a Word document (.docx)"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation"
    elif "mimetype" in names:
        what = "an OpenDocument file that is not a spreadsheet"
    else:
        what = "a zip archive, not a workbook"
    raise UnreadableFile(file_name, f"this is {what}; send the data as .xlsx or CSV")


def open_archive(data: bytes, file_name: str) -> zipfile.ZipFile:
    """Open spreadsheet bytes as a zip archive, refusing broken archives and zip bombs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(file_name, _not_a_zip_reason(data)) from exc
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNCOMPRESSED or unpacked / packed > MAX_RATIO:
        raise UnreadableFile(
            file_name, "the XLSX file would inflate to an implausible size (a zip bomb?)"
        )
    return archive


def column_number(letters: str) -> int:
    """Return the 1-based number of a column written in letters (A = 1, XFD = 16384)."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map each worksheet part (`xl/worksheets/sheet1.xml`) to its sheet's name."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        with archive.open("xl/workbook.xml") as fh:
            workbook = ElementTree.parse(fh).getroot()
        with archive.open("xl/_rels/workbook.xml.rels") as fh:
            rels = ElementTree.parse(fh).getroot()
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = os.path.normpath(target)
    parts = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        part = targets.get(sheet.get(f"{ns_rel}id"))
        if part:
            parts[part] = sheet.get("name", part)
    return parts


def check_xlsx_extent(archive: zipfile.ZipFile, file_name: str) -> None:
    """Refuse an XLSX any of whose sheets spans more than MAX_SHEET_CELLS from A1.

    Each worksheet part is streamed through a scan for the references of cells that hold a
    value, so the check costs one pass over the XML and a few MB of memory, whatever its size.
    """
    names = _sheet_parts(archive)
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        max_row = max_col = 0
        tail = b""
        with archive.open(info) as fh:
            while block := fh.read(1 << 20):
                chunk = tail + block
                # a reference cut by the block boundary is scanned again with the next block
                cut = chunk.rfind(b"<")
                scan, tail = (chunk[:cut], chunk[cut:]) if cut >= 0 else (chunk, b"")
                for match in _VALUE_CELL.finditer(scan):
                    col, row = column_number(match[1].decode()), int(match[2])
                    max_col, max_row = max(max_col, col), max(max_row, row)
                if len(tail) > 1 << 16:  # no tag ends in sight: not a cell reference
                    tail = b""
            for match in _VALUE_CELL.finditer(tail):
                col, row = column_number(match[1].decode()), int(match[2])
                max_col, max_row = max(max_col, col), max(max_row, row)
        if max_row * max_col > MAX_SHEET_CELLS:
            sheet = names.get(os.path.normpath(info.filename), info.filename)
            raise UnreadableFile(
                file_name,
                f"the sheet '{sheet}' reaches cell {_cell_name(max_row, max_col)} "
                f"(row {max_row:,}, column {max_col:,}), so reading it would take "
                f"{max_row * max_col:,} cells; a sheet may span at most {MAX_SHEET_CELLS:,} "
                "cells from A1. Delete the stray cells far below or right of the data (Ctrl+End "
                "in Excel jumps to the last one) and save again, or send the data as CSV",
            )


def _cell_name(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


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
