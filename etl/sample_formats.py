"""How the senders of the sample write their files: CSV dialects, XLSX, and the column kinds."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

# Fixed, so the same seed and scale give byte-identical workbooks.
XLSX_CREATED = datetime(2021, 1, 1)


@dataclass(frozen=True)
class Dialect:
    """How one sender writes a CSV file."""

    encoding: str
    sep: str
    date_order: str  # "iso" (YYYY-MM-DD), "dmy-" (DD-MM-YYYY) or "dmy." (DD.MM.YYYY)
    decimal_comma: bool
    booleans: tuple[str, str]
    list_sep: str
    lineterminator: str


UTF8 = Dialect("utf-8", ",", "iso", False, ("true", "false"), ";", "\n")
DANISH_EXCEL = Dialect("cp1252", ";", "dmy-", True, ("ja", "nej"), ",", "\r\n")
UTF8_BOM = Dialect("utf-8-sig", ",", "dmy.", False, ("yes", "no"), ";", "\n")
UTF8_BINARY = Dialect("utf-8", ",", "iso", False, ("1", "0"), ";", "\n")
XLSX = "xlsx"
# Each cluster's own system; WT sends Excel workbooks (only at scale 1, CSV above).
CLUSTER_FORMAT: dict[str, Dialect | str] = {
    "LSI": UTF8,
    "MTIC": DANISH_EXCEL,
    "WT": XLSX,
    "CHC": UTF8_BOM,
}

# column -> kind: str, int (optional whole number), dec (2 decimals), date, bool, list
COLUMNS: dict[str, dict[str, str]] = {
    "organisations": {
        "org_id": "str",
        "name": "str",
        "org_type": "str",
        "cvr": "str",
        "employees": "int",
        "region": "str",
        "country": "str",
    },
    "activities": {
        "activity_id": "str",
        "title": "str",
        "activity_type": "str",
        "lead_cluster": "str",
        "partner_clusters": "list",
        "theme": "str",
        "technology": "str",
        "start_date": "date",
        "end_date": "date",
        "region": "str",
        "country": "str",
        "status": "str",
        "users_involved": "bool",
    },
    "participations": {
        "activity_id": "str",
        "org_id": "str",
        "participants": "int",
        "role": "str",
    },
    "inkind": {
        "entry_id": "str",
        "org_id": "str",
        "activity_id": "str",
        "month": "str",
        "hours": "dec",
        "hourly_rate_dkk": "dec",
        "documentation": "str",
    },
    "funding": {
        "funding_id": "str",
        "year": "int",
        "quarter": "int",
        "source": "str",
        "flow": "str",
        "cluster": "str",
        "region": "str",
        "category": "str",
        "amount_dkk": "dec",
    },
    "applications": {
        "application_id": "str",
        "activity_id": "str",
        "lead_org_id": "str",
        "fund": "str",
        "submitted_date": "date",
        "amount_applied_dkk": "dec",
        "status": "str",
        "amount_granted_dkk": "dec",
    },
    "outcomes": {
        "org_id": "str",
        "year": "int",
        "new_knowledge": "bool",
        "new_product": "bool",
        "new_collaboration": "bool",
    },
    "targets": {"kpi_id": "str", "year": "int", "scope": "str", "target": "str"},
}
SHEET_NAMES = {
    "activities": "Aktiviteter",
    "participations": "Deltagelser",
    "inkind": "Timer in-kind",
    "funding": "Finansiering",
}


def _dk_number(value: float) -> str:
    """Return 1234.5 as `1.234,50` (Danish Excel)."""
    return f"{value:,.2f}".translate(str.maketrans(",.", ".,"))


def _format_frame(frame: pd.DataFrame, kinds: dict[str, str], dialect: Dialect) -> pd.DataFrame:
    """Return the frame as text cells in the dialect's conventions."""
    out = {}
    for col, kind in kinds.items():
        values = frame[col]
        if kind == "int":
            num = values.to_numpy(dtype="float64", na_value=np.nan)
            text = np.full(len(num), "", dtype=object)
            ok = ~np.isnan(num)
            text[ok] = num[ok].astype(np.int64).astype(str)
            out[col] = text
        elif kind == "dec":
            num = values.to_numpy(dtype="float64", na_value=np.nan)
            ok = ~np.isnan(num)
            text = np.full(len(num), "", dtype=object)
            if dialect.decimal_comma:
                text[ok] = [_dk_number(v) for v in num[ok].tolist()]
            else:
                text[ok] = [f"{v:.2f}" for v in num[ok].tolist()]
            out[col] = text
        elif kind == "date":
            iso = values.astype(str)
            if dialect.date_order == "iso":
                out[col] = iso
            else:
                mark = "-" if dialect.date_order == "dmy-" else "."
                out[col] = iso.str[8:10] + mark + iso.str[5:7] + mark + iso.str[0:4]
        elif kind == "bool":
            out[col] = np.where(values.to_numpy(dtype=bool), *dialect.booleans)
        elif kind == "list":
            out[col] = values.astype(str).str.replace("|", dialect.list_sep, regex=False)
        else:
            out[col] = values.astype(str)
    return pd.DataFrame(out, index=range(len(frame)))


class CsvWriter:
    """Appends chunks of one table to a CSV file in a dialect."""

    def __init__(self, path: Path, kind: str, dialect: Dialect) -> None:
        self.path, self.kind, self.dialect = path, kind, dialect
        self.rows = 0
        self._fh = path.open("w", encoding=dialect.encoding, newline="")
        header = dialect.sep.join(COLUMNS[kind]) + dialect.lineterminator
        self._fh.write(header)

    def write(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        text = _format_frame(frame, COLUMNS[self.kind], self.dialect)
        buffer = io.StringIO()
        text.to_csv(
            buffer,
            sep=self.dialect.sep,
            header=False,
            index=False,
            lineterminator=self.dialect.lineterminator,
        )
        self._fh.write(buffer.getvalue())
        self.rows += len(frame)

    def close(self) -> None:
        self._fh.close()


class XlsxWriter:
    """Writes one table to the first sheet of an XLSX workbook (header on row 1)."""

    def __init__(self, path: Path, kind: str) -> None:
        import xlsxwriter

        self.path, self.kind = path, kind
        self.rows = 0
        self._book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self._book.set_properties(
            {"created": XLSX_CREATED, "author": "Danish Healthtech", "title": kind}
        )
        self._sheet = self._book.add_worksheet(SHEET_NAMES.get(kind, kind.capitalize()))
        self._date = self._book.add_format({"num_format": "dd-mm-yyyy"})
        self._money = self._book.add_format({"num_format": "#,##0.00"})
        bold = self._book.add_format({"bold": True})
        self._sheet.write_row(0, 0, list(COLUMNS[kind]), bold)

    def write(self, frame: pd.DataFrame) -> None:
        kinds = COLUMNS[self.kind]
        sheet = self._sheet
        columns = {c: frame[c].tolist() for c in kinds}
        for i in range(len(frame)):
            row = self.rows + 1 + i
            for j, (col, kind) in enumerate(kinds.items()):
                value = columns[col][i]
                if kind in ("int", "dec"):
                    if value is None or value != value:  # NaN: leave the cell empty
                        continue
                    if kind == "int":
                        sheet.write_number(row, j, int(value))
                    else:
                        sheet.write_number(row, j, float(value), self._money)
                elif kind == "date":
                    sheet.write_datetime(row, j, datetime.fromisoformat(str(value)), self._date)
                elif kind == "bool":
                    sheet.write_string(row, j, "Ja" if value else "Nej")
                elif kind == "list":
                    if value:
                        sheet.write_string(row, j, str(value).replace("|", ", "))
                elif value:
                    sheet.write_string(row, j, str(value))
        self.rows += len(frame)

    def close(self) -> None:
        self._book.close()
