"""Write the report's sheets (report.sheets) as an Excel workbook with xlsxwriter.

Every sheet: a title line, a frozen header, an autofilter on its first table, column widths that
fit the values, DKK with thousands separators, percentages as Excel percentages, dates as dates.
Text is always written with `write_string` and the workbook is opened with
`strings_to_formulas=False`, so a title or name that begins with `=`, `+`, `-` or `@` stays text.
The document properties carry a fixed creation date (the load's finish time), so the same data
and generation time give the same file.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from report.csvzip import csv_name
from report.model import MINISTRY, NETWORK, Column, Sheet, Table
from report.xlsx_rows import CELL as _CELL
from report.xlsx_rows import NUMBER as _NUMBER
from report.xlsx_rows import SPECS as _SPECS
from report.xlsx_rows import TEXT as _TEXT
from report.xlsx_rows import write_rows_xml

#: The most rows a table shows in the workbook (decision in docs/report.md, "Long tables"): the
#: real network's tables are far shorter; a longer one shows its first rows, says so above the
#: table, and its total still sums every row. The CSV zip always holds every row.
MAX_WORKBOOK_ROWS = 20_000
MIN_WIDTH = 6
MAX_WIDTH = 60
WIDE_COLUMNS_MAX = 70  # a SHA-256 (64 characters) must fit

NUMBER_FORMATS = {
    "int": "#,##0",
    "dkk": "#,##0.00",
    "hours": "#,##0.00",
    "pct": "0.0%",
    "ratio": "0.00",
    "date": "dd-mm-yyyy",
}
UNIT_FORMATS = {"count": "#,##0", "DKK": '#,##0 "kr."', "%": "0.0%", "ratio": "0.00"}

SERIES_COLOURS = ("#1f4e79", "#9dc3e6", "#c55a11", "#70ad47")


class _Formats:
    """The workbook's cell formats, created once."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        self.text = wb.add_format(base)
        self.title = wb.add_format(base | {"bold": True, "font_size": 14})
        self.subtitle = wb.add_format(base | {"bold": True, "font_size": 12})
        self.line = wb.add_format(base | {"italic": True})
        self.header = wb.add_format(
            base
            | {"bold": True, "bg_color": "#1f4e79", "font_color": "#ffffff", "text_wrap": True}
            | {"valign": "vcenter", "border": 1}
        )
        self.numbers = {
            k: wb.add_format(base | {"num_format": v}) for k, v in NUMBER_FORMATS.items()
        }
        self.units = {k: wb.add_format(base | {"num_format": v}) for k, v in UNIT_FORMATS.items()}
        self.datetime = wb.add_format(base | {"num_format": "dd-mm-yyyy hh:mm:ss"})
        self.total_text = wb.add_format(base | {"bold": True, "top": 1})
        self.total_numbers = {
            k: wb.add_format(base | {"num_format": v, "bold": True, "top": 1})
            for k, v in NUMBER_FORMATS.items()
        }
        self.total_units = {
            k: wb.add_format(base | {"num_format": v, "bold": True, "top": 1})
            for k, v in UNIT_FORMATS.items()
        }


def _display_len(value: object, kind: str) -> int:
    """About how many characters a cell shows, for the column width."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    if isinstance(value, int | float):
        if kind in ("pct",) or (kind == "by_unit" and abs(value) < 10):
            return 8
        decimals = 2 if kind in ("dkk", "hours") else 0
        return len(f"{value:,.{decimals}f}") + (4 if kind == "by_unit" else 0)
    return len(str(value))


def cell_spec(
    fmt: _Formats, value: object, kind: str, unit: str | None, total: bool
) -> tuple[str, object, object]:
    """How one cell is written: (xlsxwriter write_ method, value, format)."""
    if value is None or value == "":
        return "blank", None, fmt.total_text if total else fmt.text
    if isinstance(value, str):
        return "string", value, fmt.total_text if total else fmt.text
    if isinstance(value, bool):
        return "boolean", value, fmt.text
    if isinstance(value, datetime):
        return "datetime", value.replace(tzinfo=None), fmt.datetime
    if isinstance(value, date):
        return "datetime", datetime(value.year, value.month, value.day), fmt.numbers["date"]
    if kind == "by_unit":
        cell_format = (fmt.total_units if total else fmt.units).get(unit or "count")
    elif kind in NUMBER_FORMATS:
        cell_format = (fmt.total_numbers if total else fmt.numbers)[kind]
    elif kind == "auto" and isinstance(value, float):
        cell_format = fmt.numbers["dkk"]
    else:
        cell_format = fmt.total_text if total else fmt.text
    return "number", value, cell_format


class _SheetWriter:
    def __init__(self, wb: xlsxwriter.Workbook, fmt: _Formats, sheet: Sheet) -> None:
        self.ws = wb.add_worksheet(sheet.name)
        self.wb = wb
        self.fmt = fmt
        self.sheet = sheet
        self.widths: dict[int, int] = {}
        # table name -> (header row, table, rows shown)
        self.positions: dict[str, tuple[int, Table, int]] = {}

    def _width(self, col: int, length: int) -> None:
        self.widths[col] = max(self.widths.get(col, 0), length)

    def _cell(
        self, row: int, col: int, value: object, column: Column, unit: str | None, total: bool
    ) -> None:
        self._width(col, _display_len(value, column.kind))
        how, value, cell_format = cell_spec(self.fmt, value, column.kind, unit, total)
        getattr(self.ws, f"write_{how}")(row, col, value, cell_format)

    def _table(self, row: int, table: Table, first: bool) -> int:
        """Write `table` with its header at `row`; return the row after it."""
        ws = self.ws
        for col, column in enumerate(table.columns):
            ws.write_string(row, col, column.header, self.fmt.header)
            # headers wrap, so the longest word rather than the whole header sets the width
            self._width(col, max(len(w) for w in column.header.split()) + 2)
        shown = min(len(table), MAX_WORKBOOK_ROWS)
        self.positions[table.name] = (row, table, shown)
        units = table.column_values(table.unit_key)[:shown] if table.unit_key else None
        plans = [
            self._column_plan(col, table.column_values(column.key)[:shown], column)
            for col, column in enumerate(table.columns)
        ]
        if write_rows_xml(self.ws, row + 1, plans, shown):
            shown_rows: range = range(0)
        else:
            shown_rows = range(row + 1, row + 1 + shown)
        # row by row: the workbook is written with constant_memory, which flushes each row as
        # the next begins, so a table's cells must come in row order
        ws = self.ws
        ws_string, ws_number, ws_blank, cell = (
            self.ws._write_string,
            self.ws._write_number,
            self.ws._write_blank,
            self._cell,
        )
        for i, r in enumerate(shown_rows):
            for col, mode, values, cell_format, column in plans:
                value = values[i]
                if mode is _TEXT:
                    if value:
                        ws_string(r, col, value, cell_format)
                    else:
                        ws_blank(r, col, None, cell_format)
                elif mode is _NUMBER:
                    ws_number(r, col, value, cell_format)
                elif mode is _SPECS:
                    how, spec_value, spec_format = value
                    getattr(ws, f"write_{how}")(r, col, spec_value, spec_format)
                else:
                    cell(r, col, value, column, units[i] if units is not None else None, False)
        last = row + shown
        if first:
            ws.freeze_panes(row + 1, 0)
            ws.autofilter(row, 0, last, len(table.columns) - 1)
            ws.repeat_rows(row)
        if table.total:
            last += 2  # a blank row keeps the total out of the filtered range
            unit = table.total.get(table.unit_key) if table.unit_key else None
            for col, column in enumerate(table.columns):
                self._cell(last, col, table.total.get(column.key), column, unit, total=True)
        return last + 1

    def _column_plan(self, col: int, values: list, column: Column) -> tuple:
        """How to write one column of a table's rows, as `_cell` would cell by cell; sets its width.

        A column of only text, or only numbers of one format, takes a fast path: the long tables
        have 100,000s of rows, and per cell the type checks and the public `write_*` methods'
        argument parsing cost more than storing the cell. xlsxwriter's `_write_string` and
        `_write_number` are what its public methods call after that parsing.
        Returns (col, mode, values, format, column): mode `_TEXT`, `_NUMBER` or `_CELL` (`_cell`).
        """
        fmt = self.fmt
        types = set(map(type, values))
        kind = column.kind
        if types <= {str, type(None)} and types:
            present = [v for v in values if v]
            if present:
                # the longest line: splitlines of all values at once is the max of each's
                self._width(col, max(map(len, "\n".join(present).splitlines()), default=0))
            return col, _TEXT, values, fmt.text, column
        number_format = None
        if types <= {int, float} and types and kind != "by_unit":
            if kind in NUMBER_FORMATS:
                number_format = fmt.numbers[kind]
            elif kind == "auto" and float not in types:
                number_format = fmt.text
        if number_format is not None:
            self._width(col, max(_display_len(min(values), kind), _display_len(max(values), kind)))
            return col, _NUMBER, values, number_format, column
        if kind == "by_unit":
            return col, _CELL, values, None, column
        for value in values:
            self._width(col, _display_len(value, kind))
        specs = [cell_spec(fmt, value, kind, None, False) for value in values]
        return col, _SPECS, specs, None, column

    def write(self) -> None:
        ws, sheet = self.ws, self.sheet
        row = 0
        if sheet.title:
            ws.write_string(row, 0, sheet.title, self.fmt.title)
            ws.set_row(row, 20)
            row += 1
        lines = sheet.lines + [_cut_note(t) for t in sheet.tables if len(t) > MAX_WORKBOOK_ROWS]
        for line in lines:
            ws.write_string(row, 0, line, self.fmt.line)
            row += 1
        if lines:
            row += 1
        for i, table in enumerate(sheet.tables):
            if i > 0:
                row += 2
                if table.title:
                    ws.write_string(row, 0, table.title, self.fmt.subtitle)
                    row += 1
            row = self._table(row, table, first=i == 0)
        for col, width in self.widths.items():
            limit = WIDE_COLUMNS_MAX if width >= 64 else MAX_WIDTH
            ws.set_column(col, col, max(MIN_WIDTH, min(width + 2, limit)))
        self._charts()
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_header(f"&L{NETWORK} - rapport&R&A")
        ws.set_footer("&CSide &P af &N")

    def _charts(self) -> None:
        anchor_col = max((len(t.columns) for t in self.sheet.tables[:1]), default=1) + 1
        anchor_row = 1
        for chart in self.sheet.charts:
            if chart.table not in self.positions:
                continue
            header_row, table, shown = self.positions[chart.table]
            n = shown if chart.first_rows is None else min(chart.first_rows, shown)
            if n == 0:
                continue
            keys = [c.key for c in table.columns]
            excel_chart = self.wb.add_chart({"type": chart.kind})
            name = self.sheet.name
            cat_col = keys.index(chart.categories)
            for i, key in enumerate(chart.values):
                col = keys.index(key)
                excel_chart.add_series(
                    {
                        "name": [name, header_row, col],
                        "categories": [name, header_row + 1, cat_col, header_row + n, cat_col],
                        "values": [name, header_row + 1, col, header_row + n, col],
                        "fill": {"color": SERIES_COLOURS[i % len(SERIES_COLOURS)]},
                        "gap": 60,
                    }
                )
            excel_chart.set_title({"name": chart.title, "name_font": {"size": 12}})
            value_axis = {
                "num_format": chart.value_format or "General",
                "major_gridlines": {"visible": True},
            }
            if chart.kind == "bar":
                excel_chart.set_x_axis(value_axis)
                excel_chart.set_y_axis({"reverse": True})
                excel_chart.set_legend({"none": True})
                height = max(320, 24 * n + 90)
            else:
                excel_chart.set_y_axis(value_axis)
                excel_chart.set_legend({"position": "bottom"})
                height = 320
            excel_chart.set_size({"width": 720, "height": height})
            self.ws.insert_chart(
                xl_rowcol_to_cell(anchor_row, anchor_col), excel_chart, {"object_position": 1}
            )
            anchor_row += int(height / 20) + 2


def _cut_note(table: Table) -> str:
    """The line above a table that shows only its first MAX_WORKBOOK_ROWS rows."""

    def count(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    return (
        f"{table.name}: viser de første {count(MAX_WORKBOOK_ROWS)} af {count(len(table))} "
        f"rækker; alle rækker er i {csv_name(table)} i CSV-zip-filen. I alt gælder alle rækker."
    )


def write_workbook(sheets: list[Sheet], path: Path, created: datetime, year: int) -> Path:
    """Write `sheets` to the xlsx file `path`; `created` is the document's creation date."""
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
            # each row goes to the sheet's file as soon as the next begins: no cell table kept
            # for the whole sheet (a third less time for the long tables; text cells are then
            # inline strings rather than a shared-strings table, the same values in Excel)
            "constant_memory": True,
        },
    )
    try:
        wb.set_properties(
            {
                "title": f"{NETWORK} - rapport for {year}",
                "subject": f"Resultater og medfinansiering til {MINISTRY}",
                "author": NETWORK,
                "company": NETWORK,
                "comments": "Bygget med 'healthtech report' fra datavarehuset.",
                "created": created.replace(tzinfo=None),
            }
        )
        fmt = _Formats(wb)
        for sheet in sheets:
            _SheetWriter(wb, fmt, sheet).write()
    finally:
        wb.close()
    return path
