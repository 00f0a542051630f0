"""warehouse/spreadsheet.py: the one definition of formula neutralising, and that every export
(the dashboard's downloads, the report's CSVs) uses it."""

from __future__ import annotations

import pandas as pd
import pytest

from report.csvzip import csv_column, csv_text
from ui import export
from warehouse import spreadsheet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+45 12 34 56 78", "'+45 12 34 56 78"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Nordsensor ApS", "Nordsensor ApS"),
        ("a=b", "a=b"),  # only the first character counts
        ("", ""),
        (" =x", " =x"),
    ],
)
def test_neutralise_text(text, expected):
    assert spreadsheet.neutralise(text) == expected
    assert spreadsheet.neutralise_texts([text]) == [expected]
    assert spreadsheet.is_formula_like(text) == (expected != text)


def test_neutralise_leaves_other_values():
    for value in (-5, 1.5, None, pd.Timestamp("2020-01-01")):
        assert spreadsheet.neutralise(value) is value


def test_neutralise_frame_only_text_columns():
    frame = pd.DataFrame({"name": ["=1+1", "ok", None], "n": [-1, 2, 3]})
    out = spreadsheet.neutralise_frame(frame)
    assert out["name"].tolist()[:2] == ["'=1+1", "ok"] and pd.isna(out["name"].iloc[2])
    assert out["n"].tolist() == [-1, 2, 3]
    assert frame["name"].iloc[0] == "=1+1"  # the input is not changed


def test_every_export_uses_the_one_definition():
    # the dashboard's downloads re-export it rather than define their own
    assert export.neutralise is spreadsheet.neutralise
    assert export.neutralise_frame is spreadsheet.neutralise_frame
    # the report's CSV cells: one by one and a column at a time give the same texts
    texts = ["=cmd", "+1", "-1", "@x", "\tx", "\rx", "plain", None]
    assert [csv_text(t) for t in texts] == [
        "'=cmd",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "plain",
        "",
    ]
    assert csv_column(texts) == [csv_text(t) for t in texts]
    assert csv_column(texts[:-1]) == [csv_text(t) for t in texts[:-1]]
