"""The report's fast paths write what the plain paths write: the CSV rows joined in C against
csv.writer, and the workbook's body rows written as sheet XML (report/xlsx_rows.py) against
the values read back by openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from report import workbook
from report.csvzip import csv_column, csv_text, table_csv
from report.model import Column, Sheet, Table
from report.workbook import write_workbook

HOSTILE = st.text(alphabet=list("ab ,\"\n\r\t=+-@'æ&<>_x0") + ["\x01"], max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.none() | HOSTILE, HOSTILE, st.none() | st.floats(-1e6, 1e6)), max_size=6)
)
def test_csv_rows_as_csv_writer_writes_them(rows):
    data = {"a": [r[0] for r in rows], "b": [r[1] for r in rows], "n": [r[2] for r in rows]}
    table = Table(
        name="t",
        columns=[Column("A", "a"), Column("B", "b"), Column("N", "n", "hours")],
        data=data,
    )
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["A", "B", "N"])
    cells = [[csv_text(v, c.kind) for v in data[c.key]] for c in table.columns]
    writer.writerows(zip(*cells, strict=True))
    assert table_csv(table) == expected.getvalue()
    assert csv_column(data["b"]) == [csv_text(v) for v in data["b"]]


def _cells(path):
    book = openpyxl.load_workbook(path)
    return [
        [(c.value, c.data_type, c.number_format, c.font.b) for c in row]
        for row in book["Rows"].iter_rows()
    ]


def test_workbook_body_rows_as_xlsxwriter_writes_them(tmp_path, monkeypatch):
    texts = ["plain", " leading", "trailing ", "a & b < c > d", "=SUM(A1)", "ctrl\x01x", "_x0041_"]
    texts += ["two\nlines", "", "æøå"]
    n = len(texts)
    table = Table(
        name="Rows",
        columns=[
            Column("Tekst", "text"),
            Column("Tal", "n", "dkk"),
            Column("Antal", "k", "int"),
            Column("Dato", "d", "date"),
        ],
        data={
            "text": texts,
            "n": [1234.5 + i for i in range(n)],
            "k": [None if i == 2 else i for i in range(n)],
            "d": [None if i == 3 else date(2020, 1, i + 1) for i in range(n)],
        },
        total={"text": "I alt", "n": 99.5},
    )
    sheets = [Sheet("Rows", [table])]
    fast = write_workbook(sheets, tmp_path / "fast.xlsx", datetime(2021, 1, 1), 2020)
    monkeypatch.setattr(workbook, "write_rows_xml", lambda *args: False)
    plain = write_workbook(sheets, tmp_path / "plain.xlsx", datetime(2021, 1, 1), 2020)
    got, expected = _cells(fast), _cells(plain)
    assert got == expected
    body = got[1 : n + 1]
    assert [r[0][0] for r in body][:5] == texts[:5] and body[4][0][1] == "s"  # text, no formula
    assert body[0][1][:3] == (1234.5, "n", "#,##0.00")
    assert body[5][3][0] == datetime(2020, 1, 6) and body[5][3][2] == "dd-mm-yyyy"
    assert body[3][3][0] is None and body[2][2][0] is None
