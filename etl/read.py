"""Read one input file (CSV, XLSX or ODS) into a RawTable of text cells, detecting its dialect.

Every cell comes back as a string (empty for missing), so that validation sees exactly what the
sender wrote and the quarantine can keep the original value. Numbers and dates are parsed later,
by the rules in `etl/parse.py`, with the dialect found here (decimal comma or point).

A spreadsheet is read by `etl/sheets.py`. A CSV is decoded by `etl/decode.py` and read by
`etl/csv_text.py` by one of three paths: Arrow's reader (regular files) or pandas' C parser
(rows with missing cells), both in `etl/csv_fast.py`, or, row by row, the csv module
(`etl/csv_records.py`, anything else). The csv module's reading is the definition: the two fast
paths only take files on which they give exactly its result (every quote encloses a whole cell
on one line), which `tests/test_read_paths.py` and the property test of
`tests/test_reader_properties.py` check.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.csv_text import read_csv_text, with_other_delimiter
from etl.decode import decode_text
from etl.errors import UnreadableFile
from etl.header import header_names, no_header
from etl.names import SPREADSHEET_SUFFIXES, header_hits, kind_of
from etl.raw_table import FrameBuilder, RawTable
from etl.sheets import read_spreadsheet


def _rows_to_frame(
    rows: list[list[str]], header_index: int, file_name: str
) -> tuple[pd.DataFrame, pd.Series, int]:
    """Build the text frame of a spreadsheet's rows after the header; (frame, overflow, blank)."""
    builder = FrameBuilder(header_names(rows[header_index], file_name))
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
            raise no_header(file_name, expected)
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
    problems = with_other_delimiter(frame, overflow, problems, delimiter, file_name)
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
