"""Read one input file (CSV, XLSX or ODS) into a DataFrame of text cells, detecting its dialect.

Every cell comes back as a string (empty for missing), so that validation sees exactly what the
sender wrote and the quarantine can keep the original value. Numbers and dates are parsed later,
by the rules in `etl/parse.py`, with the dialect found here (decimal comma or point).

A CSV is read by one of three paths: Arrow's reader (regular files), pandas' C parser (rows
with missing cells) or, row by row, the csv module (anything else). The csv module's reading is
the definition: the two fast paths only take files on which they give exactly its result (every
quote encloses a whole cell on one line), which `tests/test_read_paths.py` and the property test
of `tests/test_reader_properties.py` check.
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.errors import UnreadableFile
from etl.names import (
    EXCEL_SUFFIXES,
    FREE_TEXT_COLUMNS,
    HEADER_SEARCH_ROWS,
    KINDS,
    MAX_CELLS_PER_ROW,
    ODS_SUFFIXES,
    SPREADSHEET_SUFFIXES,
    TEXT_SUFFIXES,
    header_hits,
    kind_of,
    normalise_column,
    show,
)
from etl.sheets import read_spreadsheet

__all__ = [
    "EXCEL_SUFFIXES",
    "KINDS",
    "ODS_SUFFIXES",
    "SPREADSHEET_SUFFIXES",
    "TEXT_SUFFIXES",
    "RawTable",
    "UnreadableFile",
    "decode_text",
    "kind_of",
    "normalise_column",
    "read_csv_text",
    "read_table",
    "sniff_delimiter",
]

# The quarantine's column name for the cells beyond the header's last column (never a column of
# the frame: the surplus is kept in `RawTable.overflow`, so an input column of that name is just
# another extra column).
OVERFLOW_COLUMN = "_overflow"
# Rule of a record whose quotes are broken (kept aside whole, see `_records`).
QUOTING_RULE = "quoting"
# A text field may be long (a 10 MB description must not crash the reader): the csv module's
# default limit of 128 KiB per field is lifted for the whole process.
csv.field_size_limit(2**31 - 1)
# The surplus cells or the raw text of a row kept aside whole are stored up to this many
# characters in the quarantine (the whole file is in the archive).
ORIGINAL_TEXT_LIMIT = 10_000
# What str.strip() removes: every cell is trimmed of exactly these, whichever path reads it.
WHITESPACE = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())
_NOT_SPACE = re.compile(r"\S")
# Only the first characters of each of the first lines are read to find the header.
HEAD_LINE_CHARS = 65_536
# The slow path turns its rows into Arrow columns this many rows at a time (bounded memory).
_BUILD_ROWS = 50_000


@dataclass
class RawTable:
    """The text cells of one file, with where each row came from and how the file was written."""

    file_name: str
    kind: str
    frame: pd.DataFrame  # the input's columns (normalised names); index = row number in the file
    encoding: str
    delimiter: str  # "," or ";" for CSV, "xlsx" or "ods" for a spreadsheet
    decimal_comma: bool
    extra_columns: list[str] = field(default_factory=list)
    # Per row: the cells beyond the header's last column, " | "-joined ("" for none).
    overflow: pd.Series | None = None
    # Rows kept aside whole (written with the other delimiter, broken quotes, too many cells):
    # index = row number; columns rule, column, raw (the row as sent), message.
    problems: pd.DataFrame | None = None
    rows_skipped: int = 0  # blank rows, and rows above the header
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None

    def __post_init__(self) -> None:
        if self.overflow is None:
            self.overflow = pd.Series("", index=self.frame.index, dtype="str")
        if self.problems is None:
            self.problems = empty_problems()


def empty_problems() -> pd.DataFrame:
    """A frame of whole-row problems with no rows."""
    frame = pd.DataFrame({c: pd.Series([], dtype="object") for c in PROBLEM_COLUMNS})
    frame.index = pd.Index([], dtype="int64", name="row")
    return frame


PROBLEM_COLUMNS = ["rule", "column", "raw", "message"]


def cap_text(text: str, limit: int = ORIGINAL_TEXT_LIMIT) -> str:
    """Return text cut to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit:,} more characters; the whole file is archived]"


# --- bytes to text ------------------------------------------------------------------------------

# Signatures of files that are not text, to say what a file named .csv really is.
_BINARY_SIGNATURES = (
    (
        b"PK\x03\x04",
        "a zip archive (an XLSX workbook named .csv?); save it as CSV or name it .xlsx",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or encrypted Office file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)
# A byte sequence that is valid multi-byte UTF-8 (Windows-1252 text almost never holds one).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_SAVE_AS_UTF8 = "save it as 'CSV UTF-8' from Excel"


def _line_of(data: bytes, offset: int) -> int:
    """Return the 1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """Return "UTF-16" or "UTF-32" if the bytes look like that text without a byte-order mark."""
    head = data[:4096]
    if len(head) < 8:
        return None
    if head[1::4].count(0) + head[2::4].count(0) + head[3::4].count(0) > 0.9 * 3 * len(head) / 4:
        return "UTF-32"
    if head[0::4].count(0) + head[1::4].count(0) + head[2::4].count(0) > 0.9 * 3 * len(head) / 4:
        return "UTF-32"
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = len(head) / 2
    if (odd > 0.6 * half and even < 0.05 * half) or (even > 0.6 * half and odd < 0.05 * half):
        return "UTF-16"
    return None


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM) or Windows-1252; return (text, encoding).

    A file that is neither, holds binary data, is UTF-16/32 ("Unicode text" from Excel, with or
    without a byte-order mark), or mixes UTF-8 with Windows-1252 (which would turn every æøå of
    one part into mojibake) is refused, with the line of the first offending byte.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(
            file_name,
            "the text is UTF-16 ('Unicode text' from Excel), which is not accepted; "
            + _SAVE_AS_UTF8,
        )
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnreadableFile(file_name, f"this is not a text file: it is {what}")
    wide = _utf16_without_bom(data)
    if wide:
        raise UnreadableFile(
            file_name,
            f"the text is {wide} without a byte-order mark (every other byte is zero), which is "
            f"not accepted; {_SAVE_AS_UTF8}",
        )
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
                f"not UTF-8 (mixed encodings); save the whole file as 'CSV UTF-8' from Excel",
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
            f"{_line_of(data, exc.start)}); {_SAVE_AS_UTF8}",
        ) from exc


# --- the header and the delimiter --------------------------------------------------------------


def _line_spans(text: str, start: int = 0):
    """Yield (start, end of content, end with line end) of each line from `start`.

    Lines end at \\n, \\r\\n or \\r, as the csv module reads them. str.find, not a regular
    expression: a 100 MB line is scanned at memchr speed, and each character once.
    """
    size, position = len(text), start
    next_n, next_r = text.find("\n", start), text.find("\r", start)
    while position < size:
        if 0 <= next_n < position:
            next_n = text.find("\n", position)
        if 0 <= next_r < position:
            next_r = text.find("\r", position)
        ends = [e for e in (next_n, next_r) if e >= 0]
        if not ends:
            yield position, size, size
            return
        end = min(ends)
        after = end + 2 if text.startswith("\r\n", end) else end + 1
        yield position, end, after
        position = after


def head_lines(
    text: str, count: int = HEADER_SEARCH_ROWS, max_chars: int | None = None
) -> list[str]:
    """Return the first `count` lines (without their ends), each cut to `max_chars`; never
    copies more of a (maybe huge) text than that."""
    lines = []
    for start, end, _ in _line_spans(text):
        lines.append(text[start : end if max_chars is None else min(end, start + max_chars)])
        if len(lines) >= count:
            break
    return lines


def head_text(text: str) -> str:
    """Return the first lines, each cut to HEAD_LINE_CHARS: enough to find the header and the
    delimiter, and bounded whatever the file holds (a first line of a million cells)."""
    return "\n".join(head_lines(text, max_chars=HEAD_LINE_CHARS))


def sniff_delimiter(text: str) -> str:
    """Return `;` or `,`: whichever occurs more often outside quotes in the first lines."""
    sample = head_text(text)
    unquoted = re.sub(r'"[^"]*"', "", sample)
    return ";" if unquoted.count(";") > unquoted.count(",") else ","


def _head_rows(head: str, delimiter: str) -> list[list[str]]:
    """Parse the first lines into rows; a broken quote there costs only its own line."""
    try:
        return list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
    except csv.Error:
        rows = []
        for line in head.splitlines():
            try:
                rows.append(next(csv.reader([line], delimiter=delimiter), []))
            except csv.Error:
                rows.append(line.split(delimiter))
        return rows


def _no_header(file_name: str, expected: set[str]) -> UnreadableFile:
    return UnreadableFile(
        file_name,
        f"no header row found: none of the first {HEADER_SEARCH_ROWS} rows names the "
        f"expected columns ({', '.join(sorted(expected))})",
    )


def _too_many_header_cells(cells: int) -> str:
    return (
        f"the header row has {cells:,} cells, more than a spreadsheet can hold "
        f"({MAX_CELLS_PER_ROW:,}); send the file with one column per field"
    )


def _header_names(row: list[str], file_name: str) -> list[str]:
    """Return a header row's column names: normalised, unnamed ones as `(column N)`."""
    if len(row) > MAX_CELLS_PER_ROW:
        raise UnreadableFile(file_name, _too_many_header_cells(len(row)))
    header = [normalise_column(c) for c in row]
    while header and header[-1] == "":
        header.pop()
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise UnreadableFile(
                file_name, f"the column '{show(name)}' appears twice in the header"
            )
        seen.add(name)
    # a name with a space cannot come from the file (normalising turns spaces into `_`)
    return [h if h else f"(column {i + 1})" for i, h in enumerate(header)]


# --- the csv module: the definition of how a CSV is read ---------------------------------------


def _cells_outside_quotes(line: str, delimiter: str) -> int:
    """Count the cells of one line, not counting delimiters inside quotes on the line."""
    if '"' not in line:
        return line.count(delimiter) + 1
    return re.sub(r'"[^"]*"?', "", line).count(delimiter) + 1


# Characters that str.splitlines() treats as line ends but the csv module does not.
_OTHER_LINE_ENDS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
# The text is split into lines this many characters at a time.
_BLOCK_CHARS = 1 << 20


class _Lines:
    """The lines of a text as the csv module reads them (ended by \\n, \\r\\n or \\r), split a
    block at a time at C speed, numbered from 0, and fed to csv.reader without a Python call per
    line. The lines of the record being read are kept, to look back at them.

    A line with more cells than a spreadsheet can hold is never given to the csv module (it would
    split every cell): an empty line stands in for it, and `too_wide` keeps it.
    """

    def __init__(self, text: str, delimiter: str) -> None:
        self.text = text
        self.delimiter = delimiter
        self.position = 0  # the character where the next block starts
        self.split = 0  # lines split so far
        self.blocks: list[tuple[int, list[str]]] = []  # (first line, lines), kept ones only
        self.too_wide: dict[int, tuple[int, str]] = {}  # line -> (cells, the line as sent)
        self._next_cr = text.find("\r")
        self._source = self._split_blocks()

    def _block_end(self) -> int:
        text, target = self.text, self.position + _BLOCK_CHARS
        if target >= len(text):
            return len(text)
        end = text.find("\n", target)
        if 0 <= self._next_cr < target:
            self._next_cr = text.find("\r", target)
        if self._next_cr >= 0 and (end < 0 or self._next_cr < end):
            end = self._next_cr
            if text.startswith("\r\n", end):
                end += 1  # never between the two characters of one line end
        return len(text) if end < 0 else end + 1

    def _split_blocks(self):
        while self.position < len(self.text):
            end = self._block_end()
            chunk = self.text[self.position : end]
            self.position = end
            if any(ch in chunk for ch in _OTHER_LINE_ENDS):
                lines = [chunk[a:c] for a, _, c in _line_spans(chunk)]
            else:
                lines = chunk.splitlines(keepends=True)
            first = self.split
            for index in [i for i, line in enumerate(lines) if len(line) > MAX_CELLS_PER_ROW]:
                line = lines[index]
                if line.count(self.delimiter) >= MAX_CELLS_PER_ROW:
                    cells = _cells_outside_quotes(line, self.delimiter)
                    if cells > MAX_CELLS_PER_ROW:
                        self.too_wide[first + index] = (cells, line)
                        lines[index] = "\n"
            self.split += len(lines)
            self.blocks.append((first, lines))
            yield lines

    def stream_from(self, number: int):
        """An iterator of the lines from line `number` on (kept lines, then new blocks)."""
        kept = [lines[max(0, number - first) :] for first, lines in self.blocks]
        return itertools.chain(
            itertools.chain.from_iterable(kept), itertools.chain.from_iterable(self._source)
        )

    def get(self, first: int, last: int) -> list[str]:
        """The lines `first` to `last` as sent (they must be kept)."""
        out = []
        for start, lines in self.blocks:
            if start + len(lines) <= first or start > last:
                continue
            out += lines[max(0, first - start) : last - start + 1]
        return [
            self.too_wide[first + i][1] if first + i in self.too_wide else line
            for i, line in enumerate(out)
        ]

    def forget_before(self, number: int) -> None:
        """Let go of the blocks that end before line `number` (the start of the current record)."""
        while len(self.blocks) > 1 and self.blocks[0][0] + len(self.blocks[0][1]) <= number:
            self.blocks.pop(0)


def _looks_like_row(line: str, delimiter: str, width: int) -> bool:
    """A line read inside a quoted cell is a row of its own if it has no quote that could close
    the cell (the last line of a real multi-line cell has one, and the rest of its row after
    it) and as many cells as the header."""
    return '"' not in line and line.count(delimiter) + 1 >= max(width, 2)


@dataclass
class _Problem:
    """A record kept aside whole: its lines (1-based) and what is wrong."""

    first_line: int
    last_line: int
    problem: str  # "quote", "unclosed", "row_inside_quote", "misshapen", "too_many_cells"
    raw: str
    detail: str = ""


def _records(text: str, delimiter: str, width: int, line_breaks_ok: frozenset[int]):
    """Yield the records of a CSV text: a list of cells, or a _Problem kept aside whole.

    The csv module reads strictly (RFC 4180): a cell that starts with a quote must end with one.
    A record that breaks that is yielded as a problem with its lines as sent, and reading goes on
    with the line after it, so one stray quote costs one row, never the rows after it: a quoted
    cell that would run into a line that looks like a row of its own ends before that line.
    A line break may only be inside a cell of a free-text column (`line_breaks_ok`: title,
    name, extra columns); one anywhere else (an id, a code, a number) means a quote was stray.
    Single-line records, nearly all, cost the csv module's own work and no more.
    """
    lines = _Lines(text, delimiter)
    too_wide = lines.too_wide
    start = 0  # the line (0-based) where the current csv.reader started
    while True:
        reader = csv.reader(lines.stream_from(start), delimiter=delimiter, strict=True)
        done = 0  # lines the current reader has consumed
        restart = None
        try:
            for cells in reader:  # the csv module's own loop: no Python call per line
                first = start + done
                done = reader.line_num
                if start + done - 1 == first:
                    if too_wide and first in too_wide:
                        count, line = too_wide[first]
                        yield _Problem(first + 1, first + 1, "too_many_cells", line, str(count))
                    else:
                        yield cells
                    continue
                lines.forget_before(first)
                problem, restart = _multi_line_record(
                    lines, first, start + done - 1, cells, delimiter, width, line_breaks_ok
                )
                yield cells if problem is None else problem
                if restart is not None:
                    break
            else:
                return
        except csv.Error as exc:
            first, last = start + done, start + reader.line_num - 1
            kind = "unclosed" if "end of data" in str(exc) else "quote"
            problem, restart = _broken_record(lines, first, last, kind, delimiter, width)
            yield problem
        start = restart


def _broken_record(
    lines: _Lines, first: int, last: int, kind: str, delimiter: str, width: int
) -> tuple[_Problem, int]:
    """A record the csv module refused (lines first..last, 0-based): the problem, and the line
    to go on from (the first line inside it that is a row of its own, else the next)."""
    record = lines.get(first, last)
    for offset, line in enumerate(record[1:], start=1):
        if _looks_like_row(line, delimiter, width):
            raw = "".join(record[:offset])
            return _Problem(
                first + 1, first + offset, "row_inside_quote", raw, str(first + offset + 1)
            ), first + offset
    return _Problem(first + 1, last + 1, kind, "".join(record)), last + 1


def _multi_line_record(
    lines: _Lines,
    first: int,
    last: int,
    cells: list[str],
    delimiter: str,
    width: int,
    line_breaks_ok: frozenset[int],
) -> tuple[_Problem | None, int | None]:
    """Check a record that spans lines first..last: (problem or None, line to go on from or
    None to go on reading)."""
    record = lines.get(first, last)
    for offset, line in enumerate(record[1:], start=1):
        if _looks_like_row(line, delimiter, width):
            raw = "".join(record[:offset])
            problem = _Problem(
                first + 1, first + offset, "row_inside_quote", raw, str(first + offset + 1)
            )
            return problem, first + offset
    wrong = _misplaced_line_break(cells, width, line_breaks_ok)
    if wrong is None and not any(first + i in lines.too_wide for i in range(len(record))):
        return None, None
    detail = "" if wrong is None else str(wrong)
    return _Problem(first + 1, last + 1, "misshapen", "".join(record), detail), None


def _misplaced_line_break(cells: list[str], width: int, allowed: frozenset[int]) -> int | None:
    """Return the cell of a multi-line record that cannot hold its line break, else None.

    A cell beyond the header's last column never can, so a multi-line record with surplus cells
    is always misplaced (its last cell is named).
    """
    for index, cell in enumerate(cells):
        if ("\n" in cell or "\r" in cell) and (index >= width or index not in allowed):
            return index
    return len(cells) - 1 if len(cells) > width else None


def _quote_column(line: str, delimiter: str) -> int | None:
    """Return the 0-based cell of a line where quoting goes wrong (a quote that opens a cell and
    is not closed before the end of the line, or text after a closing quote), or None."""
    cell, i, n = 0, 0, len(line)
    while i < n:
        if line[i] == '"':
            i += 1
            while i < n:
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        i += 2
                        continue
                    break
                i += 1
            if i >= n:
                return cell  # never closed on this line
            i += 1
            if i < n and line[i] not in (delimiter, "\r", "\n"):
                return cell  # text after the closing quote
        while i < n and line[i] not in (delimiter, "\r", "\n"):
            i += 1
        if i < n and line[i] == delimiter:
            cell += 1
            i += 1
        else:
            return None
    return None


def _problem_text(record: _Problem, column: str | None) -> tuple[str, str, str]:
    """Return (rule, message, original text) of a record kept aside whole."""
    raw = record.raw
    raw = cap_text(raw.rstrip("\r\n") if len(raw) < 2 * ORIGINAL_TEXT_LIMIT else raw)
    where = f"in column '{column}' " if column else ""
    lines = (
        f"line {record.first_line}"
        if record.first_line == record.last_line
        else f"lines {record.first_line}-{record.last_line}"
    )
    fix = (
        'write a quote inside a cell as two quotes ("") and quote the whole cell, or save the '
        "file again from Excel"
    )
    if record.problem == "too_many_cells":
        return (
            "field_count",
            f"the row on {lines} has {int(record.detail):,} cells, more than a spreadsheet can "
            f"hold ({MAX_CELLS_PER_ROW:,}); it is kept aside unread. Remove the surplus "
            "delimiters",
            raw,
        )
    if record.problem == "row_inside_quote":
        message = (
            f'a quote (") opens a cell {where}on line {record.first_line} and is not closed '
            f"before line {record.detail}, which is a row of its own; the row on {lines} is kept "
            f"aside and reading goes on at line {record.detail}: {fix}"
        )
    elif record.problem == "misshapen":
        message = (
            f"a quoted cell {where}on {lines} holds a line break, which only a free-text "
            "column (title, name, an extra column) may hold, or the row has more cells than the "
            f"header; so a quote was probably stray, and the row is kept aside: {fix}"
        )
    elif record.problem == "unclosed":
        message = (
            f'a quote (") opens a cell {where}on line {record.first_line} and is never closed '
            f"(to the end of the file, {lines}); those lines are kept aside: {fix}"
        )
    else:
        message = (
            f'a quoted cell {where}on {lines} has text after its closing quote (e.g. "Workshop: '
            f'3" skærm), so where the cell ends is unclear; the row is kept aside: {fix}'
        )
    return QUOTING_RULE, message, raw


class _FrameBuilder:
    """Collects the data rows of the csv path into Arrow columns, a block of rows at a time.

    Rows are kept as the csv module gives them and turned into columns per block: the cells
    trimmed by Arrow, short rows padded, surplus cells joined, blank rows dropped and counted.
    """

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.width = len(names)
        self.rows: list[int] = []
        self.cells: list[list[str]] = []
        self.blocks: list[pyarrow.Table] = []
        self.problems: dict[int, tuple[str, str | None, str, str]] = {}
        self.blank = 0

    def add(self, row: int, cells: list[str]) -> None:
        self.rows.append(row)
        self.cells.append(cells)
        if len(self.rows) >= _BUILD_ROWS:
            self.flush()

    def add_problem(self, row: int, rule: str, column: str | None, raw: str, message: str) -> None:
        self.problems[row] = (rule, column, raw, message)
        self.add(row, [])

    def flush(self) -> None:
        """Turn the rows collected so far into a block of Arrow columns (the lists are reused)."""
        if not self.rows:
            return
        width, block = self.width, self.cells
        overflow = [""] * len(block)
        for index in [i for i, cells in enumerate(block) if len(cells) != width]:
            cells = block[index]
            if len(cells) > width:
                surplus = [s for s in (c.strip() for c in cells[width:]) if s]
                overflow[index] = cap_text(" | ".join(surplus))
                block[index] = cells[:width]
            else:
                block[index] = cells + [""] * (width - len(cells))
        columns = [
            pc.utf8_trim(pyarrow.array(column, type=pyarrow.string()), characters=WHITESPACE)
            for column in zip(*block, strict=True)
        ]
        rows = pyarrow.array(self.rows, type=pyarrow.int64())
        surplus = pyarrow.array(overflow, type=pyarrow.string())
        empty = pc.equal(surplus, "")
        for column in columns:
            empty = pc.and_(empty, pc.equal(column, ""))
        if self.problems:
            kept = pyarrow.array(list(self.problems), type=pyarrow.int64())
            empty = pc.and_(empty, pc.invert(pc.is_in(rows, value_set=kept)))
        self.blank += pc.sum(empty).as_py() or 0
        table = pyarrow.table(
            [*columns, surplus, rows], names=[f"c{i}" for i in range(width)] + ["of", "row"]
        )
        # blank lines (often at the end of Excel exports) are not rows
        self.blocks.append(table.filter(pc.invert(empty)))
        self.rows.clear()
        self.cells.clear()

    def finish(self) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
        self.flush()
        if self.blocks:
            table = pyarrow.concat_tables(self.blocks)
            rows = pd.Index(table.column("row").to_numpy(), dtype="int64", name="row")
            cells = table.select([f"c{i}" for i in range(self.width)])
            frame = cells.rename_columns(self.names).to_pandas().set_axis(rows)
            overflow = table.select(["of"]).to_pandas()["of"].set_axis(rows).rename(None)
        else:
            rows = pd.Index([], dtype="int64", name="row")
            frame = pd.DataFrame({n: pd.Series([], dtype="str") for n in self.names}, index=rows)
            overflow = pd.Series([], index=rows, dtype="str")
        problems = empty_problems()
        if self.problems:
            problems = pd.DataFrame.from_dict(
                self.problems, orient="index", columns=PROBLEM_COLUMNS
            ).astype("object")
            problems.index = pd.Index(problems.index, dtype="int64", name="row")
        return frame, overflow, problems


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector: the csv path makes a list per row (no cycles), and the
    collector scanning them again and again took half the time of reading a big file."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _read_csv_records(
    text: str, delimiter: str, header_row: list[str], file_name: str, expected: set[str]
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, int]:
    """The csv module's reading: (frame, overflow, problems, rows skipped)."""
    with _without_cyclic_gc():
        return _read_csv_records_inner(text, delimiter, header_row, file_name, expected)


def _read_csv_records_inner(
    text: str, delimiter: str, header_row: list[str], file_name: str, expected: set[str]
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, int]:
    header = _header_names(header_row, file_name)
    line_breaks_ok = frozenset(
        i for i, name in enumerate(header) if name in FREE_TEXT_COLUMNS or name not in expected
    )
    records = _records(text, delimiter, len(header), line_breaks_ok)
    head: list = []
    for record in records:
        head.append(record)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    index, hits = header_hits([r if isinstance(r, list) else [] for r in head], expected)
    if hits == 0:
        raise _no_header(file_name, expected)
    names = _header_names(head[index], file_name)
    builder = _FrameBuilder(names)
    rows, cells = builder.rows, builder.cells
    row = index + 1
    for record in itertools.chain(head[index + 1 :], records):
        row += 1
        if record.__class__ is list:  # nearly every record: no call but the appends
            rows.append(row)
            cells.append(record)
            if len(rows) >= _BUILD_ROWS:
                builder.flush()
            continue
        cell = None
        if record.problem == "misshapen" and record.detail and int(record.detail) < len(names):
            cell = int(record.detail)  # the cell that holds a line break it may not
        elif record.problem != "too_many_cells":  # the cell where the quote opened
            first_line = head_lines(record.raw, 1, max_chars=HEAD_LINE_CHARS)[0]
            cell = _quote_column(first_line, delimiter)
        column = names[cell] if cell is not None and cell < len(names) else None
        rule, message, raw = _problem_text(record, column)
        builder.add_problem(row, rule, column, raw, message)
    frame, overflow, problems = builder.finish()
    return frame, overflow, problems, index + builder.blank


# --- the fast paths ----------------------------------------------------------------------------


class _NeedsSlowPath(Exception):
    """The fast readers cannot take this file exactly; the csv module reads it row by row."""


class _TooWide:
    """Arrow's verdict that a row has more cells than the header (pandas is not tried)."""


_QUOTED_CELL = re.compile(r'"(?:[^"\r\n]|"")*"')


def simple_quoting(text: str, delimiter: str) -> bool:
    """Return whether every quote of the text encloses one whole cell on one line.

    On such text Arrow, pandas and the csv module agree; anything else (a quote in the middle of
    a cell, text after a closing quote, a quoted line break, a quote that never closes) is left
    to the csv module, whose strict reading is the definition.
    """
    ends = (delimiter, "\n", "\r")
    position = text.find('"')
    while position >= 0:
        if position > 0 and text[position - 1] not in ends:
            return False
        match = _QUOTED_CELL.match(text, position)
        if match is None:
            return False
        end = match.end()
        if end < len(text) and text[end] not in ends:
            return False
        position = text.find('"', end)
    return True


def _read_csv_fast(
    text: str, delimiter: str, header_index: int, header_row: list[str], file_name: str
) -> tuple[pd.DataFrame, int]:
    """Parse a regular CSV with Arrow or pandas; raise _NeedsSlowPath for irregular ones.

    Returns (frame, blank rows dropped).
    """
    named = _header_names(header_row, file_name)
    if len(header_row) != len(named):
        raise _NeedsSlowPath
    result = _read_csv_arrow(text, delimiter, header_index, named)
    if isinstance(result, _TooWide):
        raise _NeedsSlowPath  # pandas would tokenise every surplus cell only to refuse the row
    if result is not None:
        return result
    kept, blank, first = [], 0, header_index + 2
    try:
        with warnings.catch_warnings():
            # pandas only warns when a row has more fields than the header; such rows must not
            # lose cells silently, so the row-by-row path takes the file instead.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            chunks = pd.read_csv(
                io.BytesIO(text.encode("utf-8")),  # a StringIO would hold 4 bytes a character
                encoding="utf-8",
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
                chunksize=_BUILD_ROWS * 10,  # blank rows are dropped a chunk at a time
            )
            with chunks:
                for chunk in chunks:
                    chunk.index = pd.RangeIndex(first, first + len(chunk), name="row")
                    first += len(chunk)
                    chunk, dropped = _drop_blank(chunk.apply(lambda c: c.str.strip(WHITESPACE)))
                    kept.append(chunk)
                    blank += dropped
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        raise _NeedsSlowPath from exc
    if not kept:
        empty = pd.DataFrame({name: pd.Series([], dtype="str") for name in named})
        empty.index = pd.Index([], dtype="int64", name="row")
        return empty, blank
    frame = pd.concat(kept) if len(kept) > 1 else kept[0]
    frame.index = pd.Index(frame.index, dtype="int64", name="row")
    return frame, blank


def _drop_blank(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    blank = (frame == "").all(axis=1)
    if blank.any():
        frame = frame[~blank]
    frame.index = pd.Index(frame.index, dtype="int64", name="row")
    return frame, int(blank.sum())


def _read_csv_arrow(
    text: str, delimiter: str, header_index: int, named: list[str]
) -> tuple[pd.DataFrame, int] | _TooWide | None:
    """Parse a regular CSV with Arrow's multi-threaded reader; None if it is not regular.

    Regular: every record has exactly the header's number of cells and no line is empty (an
    empty line is a record of one cell). Anything else is left to pandas and the csv module,
    which know how to keep those rows. Arrow skips lines, not records, before the header, so a
    quote above the header (a title cell with a line break) leaves the file to pandas too.
    """
    head = head_lines(text, header_index + 1, max_chars=HEAD_LINE_CHARS)
    if any('"' in line for line in head):
        return None
    batches, rows, blank, offset = [], [], 0, header_index + 2
    try:
        with pacsv.open_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(
                skip_rows=header_index + 1, column_names=named, block_size=4 << 20
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
        ) as reader:
            # a batch at a time: blank rows (a million empty lines) are counted and dropped
            # before they take any memory beyond their batch
            for batch in reader:
                columns = [pc.utf8_trim(c, characters=WHITESPACE) for c in batch.columns]
                empty = pc.equal(columns[0], "")
                for column in columns[1:]:
                    empty = pc.and_(empty, pc.equal(column, ""))
                keep = pc.invert(empty)
                numbers = pyarrow.array(np.arange(offset, offset + batch.num_rows, dtype="int64"))
                offset += batch.num_rows
                blank += batch.num_rows - pc.sum(keep).as_py() if batch.num_rows else 0
                batches.append(pyarrow.table(columns, names=named).filter(keep))
                rows.append(numbers.filter(keep))
    except (pyarrow.ArrowInvalid, pyarrow.ArrowNotImplementedError) as exc:
        counts = re.search(r"Expected (\d+) columns, got (\d+)", str(exc))
        if (counts and int(counts[2]) > int(counts[1])) or "straddling" in str(exc):
            return _TooWide()  # a row wider than the header, or longer than a block (4 MB)
        return None
    if batches:
        frame = pyarrow.concat_tables(batches).to_pandas()
        index = pyarrow.chunked_array(rows, pyarrow.int64()).to_numpy()
    else:
        frame = pd.DataFrame({name: pd.Series([], dtype="str") for name in named})
        index = []
    frame.index = pd.Index(index, dtype="int64", name="row")
    return frame, blank


# --- a CSV file ---------------------------------------------------------------------------------


@dataclass
class CsvText:
    """What reading a CSV text gave: the frame and what else the reader found."""

    frame: pd.DataFrame
    delimiter: str
    overflow: pd.Series
    problems: pd.DataFrame
    rows_skipped: int
    notes: list[str]


def read_csv_text(text: str, file_name: str, expected: set[str]) -> CsvText:
    """Parse CSV text into the text frame, its surplus cells and rows kept aside whole.

    The delimiter is the one with which a header row is found (the header names most of the
    kind's columns); if both find it equally well, the more common one outside quotes.
    """
    notes = []
    if text.rstrip("\r\n").endswith("\x1a"):
        text = text.rstrip("\r\n").rstrip("\x1a")
        notes.append("the end-of-file mark (Ctrl-Z) after the last line was ignored")
    if not _NOT_SPACE.search(text):
        raise UnreadableFile(file_name, "the file is empty")
    head = head_text(text)
    by_count = sniff_delimiter(text)
    other = ";" if by_count == "," else ","
    head_rows = _head_rows(head, by_count)
    other_rows = _head_rows(head, other)
    index, hits = header_hits(head_rows, expected)
    other_index, other_hits = header_hits(other_rows, expected)
    if other_hits > hits:
        delimiter, head_rows, index, hits = other, other_rows, other_index, other_hits
    else:
        delimiter = by_count
    tab_hits = header_hits(_head_rows(head, "\t"), expected)[1]
    if tab_hits > max(hits, 1):
        raise UnreadableFile(
            file_name,
            "the columns are separated by tabs (Excel's 'Text (Tab delimited)'), which is not "
            "accepted; save it as 'CSV UTF-8 (Comma delimited)' from Excel, or with ';'",
        )
    if hits == 0:
        raise _no_header(file_name, expected)
    header_row = head_rows[index]
    if sum(len(c) + 1 for c in header_row) >= HEAD_LINE_CHARS:
        # the header line was cut for the search: count its cells in full before going on
        full = head_lines(text, index + 1)[-1]
        cells = _cells_outside_quotes(full, delimiter)
        if cells > MAX_CELLS_PER_ROW:
            raise UnreadableFile(file_name, _too_many_header_cells(cells))
    overflow = problems = None
    try:
        if not simple_quoting(text, delimiter):
            raise _NeedsSlowPath
        frame, blank = _read_csv_fast(text, delimiter, index, header_row, file_name)
        skipped = index + blank
    except _NeedsSlowPath:
        frame, overflow, problems, skipped = _read_csv_records(
            text, delimiter, header_row, file_name, expected
        )
    if overflow is None:
        overflow = pd.Series("", index=frame.index, dtype="str")
        problems = empty_problems()
    return CsvText(frame, delimiter, overflow, problems, skipped, notes)


def _other_delimiter_rows(frame: pd.DataFrame, overflow: pd.Series, delimiter: str) -> pd.Series:
    """Return, for rows written with the other delimiter, the row as sent; "" for the rest.

    Such a row reads as one first cell holding the whole line (`A1;O1;2;participant` in a `,`
    file), with every other cell empty; split with the other delimiter it gives several cells.
    """
    result = pd.Series("", index=frame.index, dtype="str")
    data = list(frame.columns)
    if len(data) < 2 or frame.empty:
        return result
    other = ";" if delimiter == "," else ","
    first = frame[data[0]]
    rest_empty = (frame[data[1:]] == "").all(axis=1) & (overflow == "")
    candidates = first[rest_empty & first.str.contains(other, regex=False)]
    for row, cell in candidates.items():
        try:
            cells = next(csv.reader([cell], delimiter=other), [])
        except csv.Error:
            cells = cell.split(other)
        if len(cells) >= 2:
            result[row] = cell
    return result


def _other_delimiter_message(value: str, delimiter: str) -> str:
    other = ";" if delimiter == "," else ","
    return (
        f"the row is separated by '{other}' but its file (and header) by '{delimiter}', so its "
        "cells cannot be told apart; write the row with the file's delimiter"
    )


# --- any input file -----------------------------------------------------------------------------


def _rows_to_frame(
    rows: list[list[str]], header_index: int, file_name: str
) -> tuple[pd.DataFrame, pd.Series, int]:
    """Build the text frame of a spreadsheet's rows after the header; (frame, overflow, blank)."""
    builder = _FrameBuilder(_header_names(rows[header_index], file_name))
    for offset, row in enumerate(rows[header_index + 1 :]):
        builder.add(header_index + 2 + offset, row)
    frame, overflow, _ = builder.finish()
    return frame, overflow, builder.blank


def read_table(
    path: Path,
    expected_columns: dict[str, set[str]],
    *,
    data: bytes | None = None,
    file_name: str | None = None,
    required: dict[str, int] | None = None,
) -> RawTable:
    """Read one input file into a RawTable; `expected_columns` maps kind -> known column names.

    `data` are the file's bytes if already read (the load reads each file once, archives those
    bytes and parses them, so what is loaded is what is archived); `file_name` the name to show;
    `required` maps kind -> how many required columns it has (for choosing a workbook's sheet).
    """
    file_name = file_name or path.name
    kind = kind_of(file_name)
    if kind is None:
        raise UnreadableFile(file_name, "the file name does not start with a known kind")
    expected = expected_columns[kind]
    data = path.read_bytes() if data is None else data
    if not data:
        raise UnreadableFile(file_name, "the file is empty")
    notes: list[str] = []
    sheet = None
    problems = None
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        needed = (required or {}).get(kind, len(expected))
        read = read_spreadsheet(data, path, file_name, expected, needed)
        header_index, hits = header_hits(read.rows, expected)
        if hits == 0:
            raise _no_header(file_name, expected)
        frame, overflow, blank = _rows_to_frame(read.rows, header_index, file_name)
        skipped = header_index + blank
        encoding = delimiter = read.file_format
        decimal_comma = False
        sheet = read.sheet
        notes += read.notes
    else:
        text, encoding = decode_text(data, file_name)
        del data
        parsed = read_csv_text(text, file_name, expected)
        del text
        frame, overflow, delimiter = parsed.frame, parsed.overflow, parsed.delimiter
        problems, skipped, decimal_comma = parsed.problems, parsed.rows_skipped, delimiter == ";"
        notes += parsed.notes
    extra = [c for c in frame.columns if c not in expected]
    problems = _with_other_delimiter(frame, overflow, problems, delimiter, file_name)
    if skipped:
        notes.append(f"{skipped:,} blank or title row(s) skipped")
    return RawTable(
        file_name=file_name,
        kind=kind,
        frame=frame,
        encoding=encoding,
        delimiter=delimiter,
        decimal_comma=decimal_comma,
        extra_columns=extra,
        overflow=overflow,
        problems=problems,
        rows_skipped=skipped,
        notes=notes,
        sheet=sheet,
    )


def _with_other_delimiter(
    frame: pd.DataFrame,
    overflow: pd.Series,
    problems: pd.DataFrame | None,
    delimiter: str,
    file_name: str,
) -> pd.DataFrame:
    """Add the rows written with the other delimiter to the rows kept aside whole.

    If most rows are such rows, the header and the data do not belong together: refused.
    """
    problems = empty_problems() if problems is None else problems
    if delimiter not in (",", ";"):
        return problems
    other_rows = _other_delimiter_rows(frame, overflow, delimiter)
    other_rows = other_rows[(other_rows != "") & ~other_rows.index.isin(problems.index)]
    if len(other_rows) * 2 > len(frame):
        other = ";" if delimiter == "," else ","
        raise UnreadableFile(
            file_name,
            f"the header is separated by '{delimiter}' but most rows by '{other}' (first on row "
            f"{int(other_rows.index[0])}); use one delimiter for the whole file",
        )
    if other_rows.empty:
        return problems
    added = pd.DataFrame(
        {
            "rule": "field_count",
            "column": None,
            "raw": other_rows.map(cap_text),
            "message": other_rows.map(lambda v: _other_delimiter_message(v, delimiter)),
        },
        index=other_rows.index,
    ).astype("object")
    combined = added if problems.empty else pd.concat([problems, added])
    combined.index = pd.Index(combined.index, dtype="int64", name="row")
    return combined.sort_index()
