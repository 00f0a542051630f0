"""The text table a reader returns (RawTable), and how rows of cells become its columns.

Every cell is a string (empty for missing), trimmed of exactly what str.strip() removes, so that
validation sees what the sender wrote and the quarantine can keep the original value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pyarrow
import pyarrow.compute as pc

# The quarantine's column name for the cells beyond the header's last column (never a column of
# the frame: the surplus is kept in `RawTable.overflow`, so an input column of that name is just
# another extra column).
OVERFLOW_COLUMN = "_overflow"
# The surplus cells or the raw text of a row kept aside whole are stored up to this many
# characters in the quarantine (the whole file is in the archive).
ORIGINAL_TEXT_LIMIT = 10_000
# What str.strip() removes: every cell is trimmed of exactly these, whichever path reads it.
WHITESPACE = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())
# The slow path turns its rows into Arrow columns this many rows at a time (bounded memory).
BUILD_ROWS = 50_000


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


class FrameBuilder:
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
        """Collect one row's cells as read, numbered as the file numbers it."""
        self.rows.append(row)
        self.cells.append(cells)
        if len(self.rows) >= BUILD_ROWS:
            self.flush()

    def add_problem(self, row: int, rule: str, column: str | None, raw: str, message: str) -> None:
        """Collect a row kept aside whole: its problem, and an empty row in its place."""
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
        """Return (frame, overflow, problems) of every row collected."""
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
