"""Read one input file (CSV or XLSX) into a DataFrame of text cells, detecting its dialect.

Every cell comes back as a string (empty for missing), so that validation sees exactly what the
sender wrote and the quarantine can keep the original value. Numbers and dates are parsed later,
by the rules in `etl/parse.py`, with the dialect found here (decimal comma or point).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

KINDS = (
    "organisations",
    "activities",
    "participations",
    "inkind",
    "funding",
    "applications",
    "outcomes",
    "targets",
)
TEXT_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
HEADER_SEARCH_ROWS = 20
# Cells beyond the header's last column are kept here, so that the row can be quarantined.
OVERFLOW_COLUMN = "_overflow"
# Guards against a zip bomb disguised as XLSX: refuse archives that inflate past this.
MAX_XLSX_UNCOMPRESSED = 2 * 1024**3
MAX_XLSX_RATIO = 200


class UnreadableFile(Exception):
    """A file that cannot be read at all; rejects the whole load."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


@dataclass
class RawTable:
    """The text cells of one file, with where each row came from and how the file was written."""

    file_name: str
    kind: str
    frame: pd.DataFrame  # text columns with normalised names; index = row number in the file
    encoding: str
    delimiter: str  # "," or ";" for CSV, "xlsx" for Excel
    decimal_comma: bool
    extra_columns: list[str] = field(default_factory=list)


def kind_of(file_name: str) -> str | None:
    """Return the file kind (the start of its name, SPEC §3), or None if it has none."""
    lower = file_name.lower()
    if lower.startswith((".", "~$")):
        return None
    for kind in KINDS:
        if lower.startswith(kind):
            return kind
    return None


def is_input_file(path: Path) -> bool:
    """Return whether `path` is a CSV or XLSX file whose name starts with a known kind."""
    return (
        path.is_file()
        and path.suffix.lower() in TEXT_SUFFIXES + EXCEL_SUFFIXES
        and kind_of(path.name) is not None
    )


def normalise_column(name: object) -> str:
    """Return a column name lower-cased, trimmed, BOM-free, with spaces and dashes as `_`."""
    text = str(name).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM) or Windows-1252; return (text, encoding)."""
    if b"\x00" in data[:65536]:
        raise UnreadableFile(
            file_name, "this is not a text file (it contains binary data); send CSV or XLSX"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(file_name, f"starts as UTF-8 but byte {exc.start} is not") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            file_name,
            f"the text is neither UTF-8 nor Windows-1252 (undecodable byte at {exc.start}); "
            "save it as 'CSV UTF-8' from Excel",
        ) from exc


def sniff_delimiter(text: str) -> str:
    """Return `;` or `,`: whichever occurs more often outside quotes in the first lines."""
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    unquoted = re.sub(r'"[^"]*"', "", sample)
    return ";" if unquoted.count(";") > unquoted.count(",") else ","


def _find_header(rows: list[list[str]], expected: set[str], file_name: str) -> int:
    """Return the index of the header row: the first of the leading rows naming most columns."""
    best_index, best_hits = -1, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len({normalise_column(c) for c in row} & expected)
        if hits > best_hits:
            best_index, best_hits = index, hits
    if best_hits == 0:
        raise UnreadableFile(
            file_name,
            "no header row found: none of the first rows names the expected columns "
            f"({', '.join(sorted(expected))})",
        )
    return best_index


def _frame_from_rows(
    rows: list[list[str]], header_index: int, file_name: str
) -> tuple[pd.DataFrame, list[str]]:
    """Build the text frame from the rows after the header; index = spreadsheet row number."""
    header = [normalise_column(c) for c in rows[header_index]]
    while header and header[-1] == "":
        header.pop()
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise UnreadableFile(file_name, f"the column '{name}' appears twice in the header")
        seen.add(name)
    width = len(header)
    body = rows[header_index + 1 :]
    data = []
    numbers = []
    for offset, row in enumerate(body):
        if not any(cell.strip() for cell in row):
            continue  # blank lines (often at the end of Excel exports) are not rows
        cells = [c.strip() for c in row[:width]] + [""] * (width - len(row))
        overflow = [c.strip() for c in row[width:] if c.strip()]
        data.append([*cells, " | ".join(overflow)])
        numbers.append(header_index + 2 + offset)
    named = [h if h else f"_unnamed_{i}" for i, h in enumerate(header)]
    frame = pd.DataFrame(
        data, columns=[*named, OVERFLOW_COLUMN], index=pd.Index(numbers, name="row"), dtype="str"
    )
    if frame.empty:
        frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in [*named, OVERFLOW_COLUMN]})
        frame.index = pd.Index([], dtype="int64", name="row")
    return frame, named


def read_csv_text(text: str, file_name: str, expected: set[str]) -> tuple[pd.DataFrame, str]:
    """Parse CSV text into the text frame; return (frame, delimiter)."""
    delimiter = sniff_delimiter(text)
    if not text.strip():
        raise UnreadableFile(file_name, "the file is empty")
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    head_rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
    header_index = _find_header(head_rows, expected, file_name)
    try:
        frame = _read_csv_fast(text, delimiter, header_index, head_rows[header_index], file_name)
    except _NeedsSlowPath:
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
        except csv.Error as exc:
            raise UnreadableFile(file_name, f"the CSV is malformed ({exc})") from exc
        frame, _ = _frame_from_rows(rows, header_index, file_name)
    return frame, delimiter


class _NeedsSlowPath(Exception):
    """The C parser could not take this file; the csv module reads it row by row instead."""


def _read_csv_fast(
    text: str, delimiter: str, header_index: int, header_row: list[str], file_name: str
) -> pd.DataFrame:
    """Parse a regular CSV with pandas' C parser; raise _NeedsSlowPath for irregular ones."""
    header = [normalise_column(c) for c in header_row]
    while header and header[-1] == "":
        header.pop()
    if len(set(h for h in header if h)) != len([h for h in header if h]):
        dup = next(h for h in header if h and header.count(h) > 1)
        raise UnreadableFile(file_name, f"the column '{dup}' appears twice in the header")
    named = [h if h else f"_unnamed_{i}" for i, h in enumerate(header)]
    if len(header_row) != len(named):
        raise _NeedsSlowPath
    try:
        with warnings.catch_warnings():
            # pandas only warns when a row has more fields than the header; such rows must not
            # lose cells silently, so the row-by-row path takes the file instead.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text, newline=""),
                sep=delimiter,
                header=None,
                names=named,
                skiprows=header_index + 1,
                dtype="str",
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                index_col=False,
                quotechar='"',
                doublequote=True,
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        raise _NeedsSlowPath from exc
    frame.index = pd.RangeIndex(header_index + 2, header_index + 2 + len(frame), name="row")
    frame = frame.apply(lambda col: col.str.strip())
    blank = (frame == "").all(axis=1)
    if blank.any():
        frame = frame[~blank]
    frame.index = pd.Index(frame.index, dtype="int64", name="row")
    return frame


def _cell_text(value: object) -> str:
    """Return an Excel cell value as the text a CSV export would hold (ISO dates, no `.0`)."""
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


def _check_zip(path: Path, file_name: str) -> None:
    """Refuse XLSX files that are not zip archives, or that would inflate to absurd sizes."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(
            file_name,
            "this is not a valid XLSX file (not a zip archive: truncated, password-protected "
            "or another format); open it in Excel and save it again as .xlsx",
        ) from exc
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_XLSX_UNCOMPRESSED or unpacked / packed > MAX_XLSX_RATIO:
        raise UnreadableFile(
            file_name, "the XLSX file would inflate to an implausible size (a zip bomb?)"
        )


def read_xlsx(path: Path, file_name: str, expected: set[str]) -> pd.DataFrame:
    """Read the first sheet of an XLSX file into the text frame."""
    from python_calamine import CalamineWorkbook

    _check_zip(path, file_name)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = [[_cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        raise UnreadableFile(file_name, f"the XLSX file cannot be read ({exc})") from exc
    if not rows:
        raise UnreadableFile(
            file_name, "the first sheet is empty (data must be on the first sheet)"
        )
    header_index = _find_header(rows, expected, file_name)
    frame, _ = _frame_from_rows(rows, header_index, file_name)
    return frame


def read_table(path: Path, expected_columns: dict[str, set[str]]) -> RawTable:
    """Read one input file into a RawTable; `expected_columns` maps kind -> known column names."""
    file_name = path.name
    kind = kind_of(file_name)
    if kind is None:
        raise UnreadableFile(file_name, "the file name does not start with a known kind")
    expected = expected_columns[kind]
    if path.stat().st_size == 0:
        raise UnreadableFile(file_name, "the file is empty")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        frame = read_xlsx(path, file_name, expected)
        encoding, delimiter, decimal_comma = "xlsx", "xlsx", False
    else:
        text, encoding = decode_text(path.read_bytes(), file_name)
        frame, delimiter = read_csv_text(text, file_name, expected)
        decimal_comma = delimiter == ";"
    if OVERFLOW_COLUMN not in frame.columns:
        frame[OVERFLOW_COLUMN] = ""
    extra = [c for c in frame.columns if c not in expected and c != OVERFLOW_COLUMN]
    return RawTable(
        file_name=file_name,
        kind=kind,
        frame=frame,
        encoding=encoding,
        delimiter=delimiter,
        decimal_comma=decimal_comma,
        extra_columns=extra,
    )
