"""The csv module's reading of a CSV text, row by row: the definition of a CSV's cells.

A record whose quotes are broken, or that holds a line break where none may be, is kept aside
whole with its lines as sent; reading goes on after it, so one stray quote costs one row.
"""

from __future__ import annotations

import csv
import gc
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from etl.header import (
    HEAD_LINE_CHARS,
    cells_outside_quotes,
    head_lines,
    header_names,
    line_spans,
    no_header,
)
from etl.names import FREE_TEXT_COLUMNS, HEADER_SEARCH_ROWS, MAX_CELLS_PER_ROW, header_hits
from etl.raw_table import BUILD_ROWS, ORIGINAL_TEXT_LIMIT, FrameBuilder, cap_text

# Rule of a record whose quotes are broken (kept aside whole, see `_records`).
QUOTING_RULE = "quoting"
# A text field may be long (a 10 MB description must not crash the reader): the csv module's
# default limit of 128 KiB per field is lifted for the whole process.
csv.field_size_limit(2**31 - 1)
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
                lines = [chunk[a:c] for a, _, c in line_spans(chunk)]
            else:
                lines = chunk.splitlines(keepends=True)
            first = self.split
            for index in [i for i, line in enumerate(lines) if len(line) > MAX_CELLS_PER_ROW]:
                line = lines[index]
                if line.count(self.delimiter) >= MAX_CELLS_PER_ROW:
                    cells = cells_outside_quotes(line, self.delimiter)
                    if cells > MAX_CELLS_PER_ROW:
                        self.too_wide[first + index] = (cells, line)
                        lines[index] = "\n"
            self.split += len(lines)
            self.blocks.append((first, lines))
            yield lines

    def stream_from(self, number: int) -> Iterator[str]:
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


def read_csv_records(
    text: str, delimiter: str, header_row: list[str], file_name: str, expected: set[str]
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, int]:
    """The csv module's reading: (frame, overflow, problems, rows skipped)."""
    with _without_cyclic_gc():
        return _read_csv_records_inner(text, delimiter, header_row, file_name, expected)


def _read_csv_records_inner(
    text: str, delimiter: str, header_row: list[str], file_name: str, expected: set[str]
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, int]:
    header = header_names(header_row, file_name)
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
        raise no_header(file_name, expected)
    names = header_names(head[index], file_name)
    builder = FrameBuilder(names)
    rows, cells = builder.rows, builder.cells
    row = index + 1
    for record in itertools.chain(head[index + 1 :], records):
        row += 1
        if record.__class__ is list:  # nearly every record: no call but the appends
            rows.append(row)
            cells.append(record)
            if len(rows) >= BUILD_ROWS:
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
