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
import pyarrow
import pyarrow.compute as pc
import pyarrow.csv as pacsv

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
# A text field may be long (a 10 MB description must not crash the reader): the csv module's
# default limit of 128 KiB per field is lifted for the whole process.
csv.field_size_limit(2**31 - 1)
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
    # Rows written with the other delimiter (`;` in a `,` file or the reverse): the row as sent,
    # "" for every other row; index = row number. They are quarantined whole (`field_count`).
    other_delimiter: pd.Series | None = None


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


# Signatures of files that are not text, to say what a file named .csv really is.
_BINARY_SIGNATURES = (
    (
        b"PK\x03\x04",
        "a zip archive (an XLSX workbook named .csv?); save it as CSV or name it .xlsx",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or encrypted Office file"),
    (b"%PDF", "a PDF document"),
)
# A byte sequence that is valid multi-byte UTF-8 (Windows-1252 text almost never holds one).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _line_of(data: bytes, offset: int) -> int:
    """Return the 1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM) or Windows-1252; return (text, encoding).

    A file that is neither, holds binary data, is UTF-16/32 ("Unicode text" from Excel), or mixes
    UTF-8 with Windows-1252 (which would turn every æøå of one part into mojibake) is refused,
    with the line of the first offending byte.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(
            file_name,
            "the text is UTF-16 ('Unicode text' from Excel), which is not accepted; "
            "save it as 'CSV UTF-8' from Excel",
        )
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnreadableFile(file_name, f"this is not a text file: it is {what}")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UnreadableFile(
            file_name,
            f"this is not a text file (it contains binary data, first on line "
            f"{_line_of(data, nul)}); send CSV or XLSX",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                file_name,
                f"it starts as UTF-8 (with a BOM) but line {_line_of(data, exc.start + 3)} is "
                "not UTF-8 (mixed encodings); save the whole file as 'CSV UTF-8' from Excel",
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_MULTIBYTE.search(data):
        raise UnreadableFile(
            file_name,
            "the text mixes encodings: most of it is UTF-8 but line "
            f"{_line_of(data, first_bad)} is not (Windows-1252?); reading it either way would "
            "garble letters like æøå. Save the whole file as 'CSV UTF-8' from Excel",
        )
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            file_name,
            f"the text is neither UTF-8 nor Windows-1252 (undecodable byte on line "
            f"{_line_of(data, exc.start)}); save it as 'CSV UTF-8' from Excel",
        ) from exc


def head_lines(text: str, count: int = HEADER_SEARCH_ROWS) -> list[str]:
    """Return `text.splitlines()[:count]` without splitting the whole (maybe huge) text."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        # with more lines than wanted, the first `count` are complete
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


def sniff_delimiter(text: str) -> str:
    """Return `;` or `,`: whichever occurs more often outside quotes in the first lines."""
    sample = "\n".join(head_lines(text))
    unquoted = re.sub(r'"[^"]*"', "", sample)
    return ";" if unquoted.count(";") > unquoted.count(",") else ","


def _header_hits(rows: list[list[str]], expected: set[str]) -> tuple[int, int]:
    """Return (index, hits) of the first of the leading rows naming most expected columns."""
    best_index, best_hits = -1, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len({normalise_column(c) for c in row} & expected)
        if hits > best_hits:
            best_index, best_hits = index, hits
    return best_index, best_hits


def _find_header(rows: list[list[str]], expected: set[str], file_name: str) -> int:
    """Return the index of the header row: the first of the leading rows naming most columns."""
    best_index, best_hits = _header_hits(rows, expected)
    if best_hits == 0:
        raise UnreadableFile(
            file_name,
            f"no header row found: none of the first {HEADER_SEARCH_ROWS} rows names the "
            f"expected columns ({', '.join(sorted(expected))})",
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


def _head_rows(head: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))


def _strict_rows(text: str, delimiter: str, file_name: str) -> list[list[str]]:
    """Parse the whole text with the csv module; a malformed record names its line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            raise UnreadableFile(
                file_name,
                f"the CSV is malformed in the record starting on line {start} ({exc}); a quote "
                "character that opens a cell must close it",
            ) from exc
        rows.append(row)


def read_csv_text(text: str, file_name: str, expected: set[str]) -> tuple[pd.DataFrame, str]:
    """Parse CSV text into the text frame; return (frame, delimiter).

    The delimiter is the one with which a header row is found (the header names most of the
    kind's columns); if both find it equally well, the more common one outside quotes.
    """
    if not text.strip():
        raise UnreadableFile(file_name, "the file is empty")
    head = "\n".join(head_lines(text))
    by_count = sniff_delimiter(text)
    other = ";" if by_count == "," else ","
    head_rows = _head_rows(head, by_count)
    other_rows = _head_rows(head, other)
    if _header_hits(other_rows, expected)[1] > _header_hits(head_rows, expected)[1]:
        delimiter, head_rows = other, other_rows
    else:
        delimiter = by_count
    header_index = _find_header(head_rows, expected, file_name)
    try:
        frame = _read_csv_fast(text, delimiter, header_index, head_rows[header_index], file_name)
    except _NeedsSlowPath:
        rows = _strict_rows(text, delimiter, file_name)
        frame, _ = _frame_from_rows(rows, header_index, file_name)
    return frame, delimiter


def _other_delimiter_rows(frame: pd.DataFrame, delimiter: str) -> pd.Series:
    """Return, for rows written with the other delimiter, the row as sent; "" for the rest.

    Such a row reads as one first cell holding the whole line (`A1;O1;2;participant` in a `,`
    file), with every other cell empty; split with the other delimiter it gives several cells.
    """
    result = pd.Series("", index=frame.index, dtype="str")
    data = [c for c in frame.columns if c != OVERFLOW_COLUMN]
    if len(data) < 2 or frame.empty:
        return result
    other = ";" if delimiter == "," else ","
    first = frame[data[0]]
    rest_empty = (frame[data[1:]] == "").all(axis=1)
    if OVERFLOW_COLUMN in frame:
        rest_empty &= frame[OVERFLOW_COLUMN] == ""
    candidates = first[rest_empty & first.str.contains(other, regex=False)]
    for row, cell in candidates.items():
        cells = next(csv.reader([cell], delimiter=other), [])
        if len(cells) >= 2:
            result[row] = cell
    return result


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
    frame = _read_csv_arrow(text, delimiter, header_index, named)
    if frame is not None:
        return frame
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


def _read_csv_arrow(
    text: str, delimiter: str, header_index: int, named: list[str]
) -> pd.DataFrame | None:
    """Parse a regular CSV with Arrow's multi-threaded reader; None if it is not regular.

    Regular: every record has exactly the header's number of cells and no line is empty (an
    empty line is a record of one cell). Anything else is left to pandas and the csv module,
    which know how to keep those rows. Arrow skips lines, not records, before the header, so a
    quote above the header (a title cell with a line break) leaves the file to pandas too.
    """
    head = head_lines(text, header_index + 1)
    if any('"' in line for line in head):
        return None
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(
                skip_rows=header_index + 1, column_names=named, block_size=16 << 20
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pyarrow.string() for name in named},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pyarrow.ArrowInvalid, pyarrow.ArrowNotImplementedError):
        return None
    trimmed = pyarrow.table({name: pc.utf8_trim_whitespace(table.column(name)) for name in named})
    frame = trimmed.to_pandas()
    frame.index = pd.RangeIndex(header_index + 2, header_index + 2 + len(frame), name="row")
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


_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _not_a_zip_reason(path: Path) -> str:
    """Say what an XLSX file that is no zip archive is, from its first bytes."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    if head.startswith(_OLE2_SIGNATURE):
        if _ENCRYPTED_PACKAGE in head or _ENCRYPTED_PACKAGE in path.read_bytes():
            return (
                "the workbook is password-protected (encrypted); remove the password in Excel "
                "(File > Info > Protect Workbook) and save it again as .xlsx"
            )
        return (
            "this is an old Excel 97-2003 workbook (.xls) named .xlsx; open it in Excel and "
            "save it as .xlsx"
        )
    if head.startswith(b"PK"):
        return (
            "the XLSX file is truncated or damaged (it starts as a zip archive but its end is "
            "missing); send it again or save it again as .xlsx"
        )
    return (
        "this is not a valid XLSX file (not a zip archive: truncated, password-protected "
        "or another format, e.g. a CSV named .xlsx); open it in Excel and save it again as .xlsx"
    )


def _check_zip(path: Path, file_name: str) -> None:
    """Refuse XLSX files that are not zip archives, or that would inflate to absurd sizes."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(file_name, _not_a_zip_reason(path)) from exc
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
    if not rows or _header_hits(rows, expected)[1] == 0:
        first = getattr(sheet, "name", "") or "1"
        problem = (
            f"the first sheet ('{first}') is empty"
            if not rows
            else f"no header row on the first sheet ('{first}'): none of its first "
            f"{HEADER_SEARCH_ROWS} rows names the expected columns ({', '.join(sorted(expected))})"
        )
        elsewhere = _sheet_with_header(workbook, expected)
        hint = (
            f"; it seems to be on the sheet '{elsewhere}': move that sheet first"
            if elsewhere
            else ""
        )
        raise UnreadableFile(file_name, f"{problem}. Data must be on the first sheet{hint}")
    header_index = _find_header(rows, expected, file_name)
    frame, _ = _frame_from_rows(rows, header_index, file_name)
    return frame


def _sheet_with_header(workbook: object, expected: set[str]) -> str | None:
    """Return the name of a later sheet whose first rows hold the header, if any."""
    try:
        names = list(workbook.sheet_names)
        for index in range(1, len(names)):
            sheet = workbook.get_sheet_by_index(index)
            head = sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
            if _header_hits([[_cell_text(v) for v in r] for r in head], expected)[1]:
                return names[index]
    except Exception:  # noqa: BLE001 - only a hint for the message; never fail on it
        return None
    return None


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
    other_delimiter = None if delimiter == "xlsx" else _other_delimiter_rows(frame, delimiter)
    if other_delimiter is not None and (other_delimiter != "").sum() * 2 > len(frame):
        other = ";" if delimiter == "," else ","
        first = int(other_delimiter.index[other_delimiter != ""][0])
        raise UnreadableFile(
            file_name,
            f"the header is separated by '{delimiter}' but most rows by '{other}' (first on row "
            f"{first}); use one delimiter for the whole file",
        )
    return RawTable(
        file_name=file_name,
        kind=kind,
        frame=frame,
        encoding=encoding,
        delimiter=delimiter,
        decimal_comma=decimal_comma,
        extra_columns=extra,
        other_delimiter=other_delimiter,
    )
