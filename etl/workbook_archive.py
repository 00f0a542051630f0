"""An XLSX or ODS file's zip archive, checked before any reader opens it.

It must be a whole, unencrypted zip that does not inflate like a zip bomb; for an XLSX, each
sheet's cell references are scanned (streamed, never unpacked whole), and a sheet spanning more
than `MAX_SHEET_CELLS` from A1 is refused, naming the cell. Standard library only at import
time (the spreadsheet reader's child process imports it under its memory limit).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from xml.etree import ElementTree

from etl.errors import UnreadableFile

# Guards against a zip bomb disguised as a spreadsheet: refuse archives that inflate past this.
MAX_UNCOMPRESSED = 2 * 1024**3
MAX_RATIO = 200
# A sheet may span at most this many cells from A1 to its last cell with a value (a million
# rows of two columns, or 100,000 rows of 20): about 150 MB in the reader. Larger data goes
# as CSV, which has no such limit.
MAX_SHEET_CELLS = 2_000_000

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# A cell with a value (`<c r="B7" ...>...</c>`, not the empty `<c r="B7" s="1"/>`).
_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,4})([0-9]{1,9})"[^>]*?(?<!/)>')


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
