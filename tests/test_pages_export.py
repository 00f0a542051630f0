"""Downloads (ui/export.py), translations (ui/i18n.py) and number formats (ui/common.py)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd

from ui import common, export, formats, i18n


def test_neutralise_formulas_in_text():
    assert export.neutralise("=SUM(A1)") == "'=SUM(A1)"
    assert export.neutralise("+45 1234") == "'+45 1234"
    assert export.neutralise("-x") == "'-x"
    assert export.neutralise("@cmd") == "'@cmd"
    assert export.neutralise("Nordsensor ApS") == "Nordsensor ApS"
    assert export.neutralise(-5) == -5  # numbers stay numbers


def test_csv_is_neutralised_utf8_with_bom():
    df = pd.DataFrame({"name": ['=HYPERLINK("x")', "Sjælland"], "n": [-1, 2]})
    data = export.to_csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "Sjælland" in text and "\n-1," not in text.split("\n", 1)[0]
    assert pd.read_csv(io.StringIO(text))["n"].tolist() == [-1, 2]


def test_excel_writes_text_not_formulas_and_records_filters():
    df = pd.DataFrame({"name": ["=1+1", "+45", "ok"], "n": [1, 2, 3]})
    data = export.to_excel_bytes(
        df, "Rows", [("Year", "2020"), ("Loaded", "2026-11-25")], "Filters"
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Rows", "Filters"]
    cell = book["Rows"]["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"  # a string, not a formula
    info = list(book["Filters"].iter_rows(min_row=2, values_only=True))
    assert info == [("Year", "2020"), ("Loaded", "2026-11-25")]


def test_label_explorer_rows():
    rows = pd.DataFrame(
        {
            "activity_id": ["A1"],
            "lead_cluster": ["WT"],
            "technology": [None],
            "status": ["completed"],
            "is_sme": [True],
            "start_date": [pd.Timestamp("2020-02-10")],
            "total_rows": [1],
        }
    )
    maps = {"cluster": {"WT": "Welfare Tech"}, "activity_status": {"completed": "Gennemført"}}
    out = export.label_explorer_rows(rows, "da", maps, ("Ja", "Nej"))
    assert list(out.columns) == [
        "Aktivitets-id",
        "Ledende klynge",
        "Teknologi",
        "Status",
        "SMV",
        "Startdato",
    ]
    assert out.iloc[0].tolist()[:2] == ["A1", "Welfare Tech"]
    assert out.iloc[0]["SMV"] == "Ja"
    assert out.iloc[0]["Startdato"] == date(2020, 2, 10)


def test_every_text_has_both_languages():
    for table in (i18n.TEXT, i18n.STATUS, *i18n.ENUMS.values()):
        for key, pair in table.items():
            assert len(pair) == 2 and all(pair), key
    assert i18n.t("page_quality", "da") == "Datakvalitet"
    assert i18n.t("page_quality", "en") == "Data quality"
    assert i18n.t("showing", "en", n=3, m=10) == "Showing 3 of 10 rows."


def test_status_is_icon_words_and_colour():
    for status in i18n.STATUS:
        icon, colour = common.STATUS_STYLE[status]
        assert icon and colour.startswith("#")
        assert common.status_text(status, "en").startswith(icon)
    assert common.status_text("behind", "da") == "✖ Bagud"
    # the three levels differ by shape, not only by colour
    assert len({common.STATUS_STYLE[s][0] for s in ("on_track", "at_risk", "behind")}) == 3


def test_number_formats():
    assert formats.fmt_number(1234.5, "da", 1) == "1.234,5"
    assert formats.fmt_number(1234.5, "en", 1) == "1,234.5"
    assert formats.fmt_number(None, "da") == "–"
    assert formats.fmt_kpi_value(56.75, "%", "da") == "56,8 %"
    assert formats.fmt_kpi_value(0.25, "ratio", "en") == "0.25"
    assert formats.fmt_kpi_value(20000, "DKK", "da") == "20.000 kr."
    assert formats.fmt_compact(10_450_000, "da") == "10,4 mio."
    assert formats.fmt_compact(10_450_000, "en") == "10.4 m"
    assert formats.fmt_date(date(2020, 10, 31), "da") == "31-10-2020"
