"""Write the report's tables as UTF-8 CSV files in one zip, for systems that read CSV.

One CSV per table: a sheet with one table gives `<sheet>.csv`; the sheets with several tables
(Forside, Medfinansiering, Økonomi) give one file per table (`Medfinansiering_regioner.csv`, ...).
File names are spelled in ASCII (`Noegletal.csv`, `Oekonomi.csv`): some unzip tools garble
non-ASCII names.
Values are the workbook's cell values (`csv_text`): ISO dates, `.` as the decimal
point, no thousands separators, percentages as fractions (0.455 = 45.5 %). Total rows are not
repeated in the CSVs. Text that begins with `=`, `+`, `-`, `@`, tab or carriage return is
prefixed with `'` so that a spreadsheet opening the CSV does not run it as a formula.
The zip's entries carry a fixed timestamp, so the same data give the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

from report.model import Sheet, Table
from warehouse.spreadsheet import FORMULA_START, neutralise, neutralise_texts

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def csv_text(value: object, kind: str = "text") -> str:
    """The CSV form of a cell value: ISO dates, '.' as decimal point, no thousands separators."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if kind == "dkk":
            return f"{value:.2f}"
        if kind == "int" and value.is_integer():
            return str(int(value))
        return repr(value)
    return neutralise(str(value))


def csv_column(values: list, kind: str = "text") -> list[str]:
    """The CSV texts of one column's values: `csv_text` of each, with fast paths for a column of
    only text or only whole numbers (the long tables have 100,000s of rows)."""
    types = set(map(type, values))
    if types == {str} and not _FORMULA_LINE.search("\n".join(values)):
        # no value starts with a formula character (the joined text has none after a line
        # break; a value with a line break inside may only send it to the exact path below)
        return values  # text with nothing to neutralise, as it is
    if types <= {str, type(None)}:
        return neutralise_texts("" if v is None else v for v in values)
    if types <= {int}:
        return list(map(str, values))
    if types <= {int, type(None)}:
        return ["" if v is None else str(v) for v in values]
    if types <= {float, type(None)}:
        if kind == "dkk":
            return ["" if v is None else f"{v:.2f}" for v in values]
        if kind == "int":
            return ["" if v is None else str(int(v)) if v.is_integer() else repr(v) for v in values]
        return ["" if v is None else repr(v) for v in values]
    if types <= {date, type(None)}:  # dates, not datetimes (a subclass with another format)
        return ["" if v is None else v.isoformat() for v in values]
    return [csv_text(v, kind) for v in values]


def table_csv(table: Table) -> str:
    """Return one table as CSV text (header line, then one line per row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(c.header) for c in table.columns])
    columns = [csv_column(table.column_values(c.key), c.kind) for c in table.columns]
    if len(columns) < 2:  # a lone empty field is written "" by csv: leave such rows to it
        writer.writerows(zip(*columns, strict=True))
        return out.getvalue()
    # the rows joined in C, each field quoted exactly as csv.writer quotes it (`_csv_fields`):
    # the same bytes in a third of writerows' time
    fields = [_csv_fields(column) for column in columns]
    body = "\n".join(map(",".join, zip(*fields, strict=True)))
    return out.getvalue() + (body + "\n" if body or len(table) else "")


# characters that make csv.writer (QUOTE_MINIMAL, ',' and '"', lineterminator '\n') quote a
# field in some Python version; fields without them are written as they are
_QUOTE_CHARS = re.compile('[,"\n\r]')
_FORMULA_LINE = re.compile("(?:^|\n)[" + re.escape("".join(FORMULA_START)) + "]")


def _csv_fields(texts: list[str]) -> list[str]:
    """The CSV fields of one column's texts, as csv.writer writes them in a row of several."""
    joined = "\x00".join(texts)
    if not _QUOTE_CHARS.search(joined):
        return texts
    if "\r" not in joined:
        # every Python quotes a field with ',', '"' or the line terminator, doubling '"'
        return [
            '"' + t.replace('"', '""') + '"' if ("," in t or '"' in t or "\n" in t) else t
            for t in texts
        ]
    # '\r' is quoted by some Python versions only: let this one's csv module decide
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fields = []
    for text in texts:
        if _QUOTE_CHARS.search(text):
            out.seek(0)
            out.truncate()
            writer.writerow([text, ""])  # csv's own quoting of the field, then ',' and '\n'
            text = out.getvalue()[:-2]
        fields.append(text)
    return fields


ASCII_NAMES = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def csv_name(table: Table) -> str:
    """The CSV file name of a table: its name spelled in ASCII (Nøgletal -> Noegletal.csv)."""
    return f"{table.name.translate(ASCII_NAMES)}.csv"


def csv_files(sheets: list[Sheet]) -> dict[str, str]:
    """Return {file name: CSV text} of every table of `sheets`, in sheet order."""
    return {csv_name(t): table_csv(t) for s in sheets for t in s.tables}


def write_csv_zip(sheets: list[Sheet], path: Path) -> Path:
    """Write every table of `sheets` as a UTF-8 CSV into the zip file `path`."""
    # level 1: a third of level 6's time for a third more bytes (14 million cells at scale 1000)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in csv_files(sheets).items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"), compresslevel=1)
    return path
