"""The report's content model, shared by the workbook and the CSV zip: a `Sheet` holds `Table`s;
a `Table` has typed `Column`s and rows of plain Python values (str, int, float, date or None).

The kinds decide how a value is shown: `dkk` with thousands separators, `pct` as an Excel
percentage (the value is a fraction: 0.455 is 45.5 %), `date` as a date, and `by_unit` per row
from the row's unit (the KPI values, whose units differ by row). Every table is written to the
workbook and to the CSV zip from this one model, so the two always hold the same values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

NETWORK = "Danish Healthtech"
MINISTRY = "Uddannelses- og Forskningsministeriet"

#: Danish month names, for dates written out in words.
MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class Column:
    """One column: its Danish header, the row key it shows and how its values are shown."""

    header: str
    key: str
    kind: str = "text"  # text | int | dkk | hours | pct | ratio | date | by_unit


@dataclass
class Table:
    """A table of one sheet. `name` is its CSV file's stem; `title` is shown above it.

    Its values are either `rows` (one dict per row: the small tables) or `data` (one list per
    column key: the long tables, which are converted a column at a time, since a dict per row is
    too slow for 100,000s of rows); `column_values` reads either.
    """

    name: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    title: str | None = None
    total: dict | None = None  # a total row shown after the rows (workbook only)
    unit_key: str | None = None  # for `by_unit` columns: the row key holding the unit
    data: dict[str, list] | None = None

    def __len__(self) -> int:
        if self.data is not None:
            return len(next(iter(self.data.values()), []))
        return len(self.rows)

    def column_values(self, key: str) -> list:
        """The values of one column, top to bottom (None where a row has none)."""
        if self.data is not None:
            return self.data.get(key) or [None] * len(self)
        return [r.get(key) for r in self.rows]

    def records(self) -> list[dict]:
        """The rows as dicts (for the small tables and for tests; slow for long tables)."""
        if self.data is None:
            return self.rows
        keys = list(self.data)
        return [
            dict(zip(keys, values, strict=True)) for values in zip(*self.data.values(), strict=True)
        ]


@dataclass(frozen=True)
class Chart:
    """A native Excel chart over columns of one table of the sheet."""

    table: str
    kind: str  # bar | column
    title: str
    categories: str  # column key
    values: tuple[str, ...]  # column keys, one series each
    first_rows: int | None = None  # plot only the first n rows
    value_format: str | None = None


@dataclass
class Sheet:
    """A worksheet: an optional cover block (title lines), tables and charts."""

    name: str
    tables: list[Table]
    title: str | None = None
    lines: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def date_da(day: date) -> str:
    """A date in Danish words: 31. december 2020."""
    return f"{day.day}. {MONTHS_DA[day.month - 1]} {day.year}"
