"""Read a CSV text: its delimiter and header, the path that reads it, rows of mixed delimiters."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import pandas as pd

from etl.csv_fast import NeedsSlowPath, read_csv_fast, simple_quoting
from etl.csv_records import read_csv_records
from etl.errors import UnreadableFile
from etl.header import (
    HEAD_LINE_CHARS,
    cells_outside_quotes,
    head_lines,
    head_text,
    no_header,
    parse_head_rows,
    sniff_delimiter,
    too_many_header_cells,
)
from etl.names import MAX_CELLS_PER_ROW, header_hits
from etl.raw_table import cap_text, empty_problems

_NOT_SPACE = re.compile(r"\S")


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
    head_rows = parse_head_rows(head, by_count)
    other_rows = parse_head_rows(head, other)
    index, hits = header_hits(head_rows, expected)
    other_index, other_hits = header_hits(other_rows, expected)
    if other_hits > hits:
        delimiter, head_rows, index, hits = other, other_rows, other_index, other_hits
    else:
        delimiter = by_count
    tab_hits = header_hits(parse_head_rows(head, "\t"), expected)[1]
    if tab_hits > max(hits, 1):
        raise UnreadableFile(
            file_name,
            "the columns are separated by tabs (Excel's 'Text (Tab delimited)'), which is not "
            "accepted; save it as 'CSV UTF-8 (Comma delimited)' from Excel, or with ';'",
        )
    if hits == 0:
        raise no_header(file_name, expected)
    header_row = head_rows[index]
    if sum(len(c) + 1 for c in header_row) >= HEAD_LINE_CHARS:
        # the header line was cut for the search: count its cells in full before going on
        full = head_lines(text, index + 1)[-1]
        cells = cells_outside_quotes(full, delimiter)
        if cells > MAX_CELLS_PER_ROW:
            raise UnreadableFile(file_name, too_many_header_cells(cells))
    overflow = problems = None
    try:
        if not simple_quoting(text, delimiter):
            raise NeedsSlowPath
        frame, blank = read_csv_fast(text, delimiter, index, header_row, file_name)
        skipped = index + blank
    except NeedsSlowPath:
        frame, overflow, problems, skipped = read_csv_records(
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


def with_other_delimiter(
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
