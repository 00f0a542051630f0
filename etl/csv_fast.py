"""The fast paths of CSV reading: Arrow's reader and pandas' C parser, for regular files only.

They take a file only when they give exactly the csv module's result (`etl/csv_records.py`):
every quote encloses one whole cell on one line; anything else raises NeedsSlowPath.
"""

from __future__ import annotations

import io
import re
import warnings

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.header import HEAD_LINE_CHARS, head_lines, header_names
from etl.raw_table import BUILD_ROWS, WHITESPACE


class NeedsSlowPath(Exception):
    """The fast readers cannot take this file exactly; the csv module reads it row by row."""


class TooWide:
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


def read_csv_fast(
    text: str, delimiter: str, header_index: int, header_row: list[str], file_name: str
) -> tuple[pd.DataFrame, int]:
    """Parse a regular CSV with Arrow or pandas; raise NeedsSlowPath for irregular ones.

    Returns (frame, blank rows dropped).
    """
    named = header_names(header_row, file_name)
    if len(header_row) != len(named):
        raise NeedsSlowPath
    result = read_csv_arrow(text, delimiter, header_index, named)
    if isinstance(result, TooWide):
        raise NeedsSlowPath  # pandas would tokenise every surplus cell only to refuse the row
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
                chunksize=BUILD_ROWS * 10,  # blank rows are dropped a chunk at a time
            )
            with chunks:
                for chunk in chunks:
                    chunk.index = pd.RangeIndex(first, first + len(chunk), name="row")
                    first += len(chunk)
                    chunk, dropped = _drop_blank(chunk.apply(lambda c: c.str.strip(WHITESPACE)))
                    kept.append(chunk)
                    blank += dropped
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        raise NeedsSlowPath from exc
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


def read_csv_arrow(
    text: str, delimiter: str, header_index: int, named: list[str]
) -> tuple[pd.DataFrame, int] | TooWide | None:
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
            return TooWide()  # a row wider than the header, or longer than a block (4 MB)
        return None
    if batches:
        frame = pyarrow.concat_tables(batches).to_pandas()
        index = pyarrow.chunked_array(rows, pyarrow.int64()).to_numpy()
    else:
        frame = pd.DataFrame({name: pd.Series([], dtype="str") for name in named})
        index = []
    frame.index = pd.Index(index, dtype="int64", name="row")
    return frame, blank
