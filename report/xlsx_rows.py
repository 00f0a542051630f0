"""The body rows of a long table written straight as worksheet XML (report.workbook).

The workbook is written in xlsxwriter's constant_memory mode: each row goes to the sheet's file
as the next begins. Per cell, xlsxwriter's own path (check the dimensions, store a cell tuple,
then escape each attribute and value and write the element) costs about ten times what the
element's text does, and the long tables have 20,000 rows of 8-17 columns. So a table whose
columns are each only text or only numbers of one format has its body rows written here as the
same XML xlsxwriter writes for those cells (`Worksheet._write_cell` in constant_memory mode:
inline strings with control characters escaped as `_xHHHH_`, `xml:space="preserve"` for
leading or trailing whitespace, `&<>` escaped; numbers as `%.16G`; blanks as an empty element
with the cell's format). The row elements themselves are written by xlsxwriter. Any other
table (dates, mixed types, text beyond Excel's limit) goes through xlsxwriter cell by cell.
"""

from __future__ import annotations

import re

from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

# a column of only text | only numbers of one format | (method, value, format) per cell | other
TEXT, NUMBER, SPECS, CELL = "text", "number", "specs", "cell"

# text that xlsxwriter would change when writing it (escapes, control characters, whitespace)
_NEEDS_CARE = re.compile(r"[\x00-\x08\x0b-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
# longer text may need xlsxwriter's truncation at Excel's limit (in UTF-16 units)
_MAX_PLAIN_TEXT = 16_383


def _text_tail(ws: Worksheet, text: str, xf: int) -> str:
    """What follows `<c r="A1"` for a text cell, as xlsxwriter writes it in constant_memory."""
    if not _NEEDS_CARE.search(text):
        return f' s="{xf}" t="inlineStr"><is><t>{text}</t></is></c>'
    text = ws._escape_control_characters(text)
    preserve = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f' s="{xf}" t="inlineStr"><is><t{preserve}>{ws._escape_data(text)}</t></is></c>'


def _spec_tail(ws: Worksheet, how: str, value: object, cell_format) -> str | None:
    """The tail of a cell given as (method, value, format) by report.workbook.cell_spec; None
    for a kind written only by xlsxwriter (booleans, long text)."""
    xf = cell_format._get_xf_index()
    if how == "blank":
        return f' s="{xf}"/>'
    if how == "number":
        return f' s="{xf}"><v>{value:.16G}</v></c>'
    if how == "datetime":
        return f' s="{xf}"><v>{ws._convert_date_time(value):.16G}</v></c>'
    if how == "string" and len(value) <= _MAX_PLAIN_TEXT:
        return _text_tail(ws, value, xf)
    return None


def write_rows_xml(ws: Worksheet, first_row: int, plans: list[tuple], shown: int) -> bool:
    """Write `shown` body rows from `first_row` as sheet XML; False (nothing written) if the
    table does not qualify and must be written cell by cell.

    `plans` are (col, mode, values, format, column) per column, mode TEXT, NUMBER or SPECS.
    """
    if not ws.constant_memory or shown == 0 or first_row <= ws.previous_row:
        return False
    if any(mode not in (TEXT, NUMBER, SPECS) for _, mode, *_ in plans):
        return False
    columns = []
    for col, mode, values, cell_format, _ in plans:
        xf = cell_format._get_xf_index() if cell_format is not None else 0
        if mode == TEXT:
            if any(len(v) > _MAX_PLAIN_TEXT for v in values if v):
                return False
            blank = f' s="{xf}"/>'
            tails = [_text_tail(ws, v, xf) if v else blank for v in values[:shown]]
        elif mode == NUMBER:
            tails = [f' s="{xf}"><v>{v:.16G}</v></c>' for v in values[:shown]]
        else:
            tails = [_spec_tail(ws, *spec) for spec in values[:shown]]
            if None in tails:
                return False
        columns.append((f'<c r="{xl_col_to_name(col)}', tails))
    # flush the rows before (the header), as xlsxwriter does when a later row begins
    ws._write_single_row(first_row)
    write = ws.fh.write
    for i in range(shown):
        row = first_row + i
        ws._write_row(row, None)
        number = str(row + 1)
        write("".join([f'{start}{number}"{tails[i]}' for start, tails in columns]) + "</row>")
    last = first_row + shown - 1
    ws._check_dimensions(last, max(col for col, *_ in plans))
    ws.previous_row = last
    return True
