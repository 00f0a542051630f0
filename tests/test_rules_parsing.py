"""The input rules, pinned cell by cell: numbers, dates, months, booleans, CVR, rate cap, hours.

Each expected value follows from the input contract (docs/loading.md): numbers with a
decimal point, or in `;` files a decimal comma with thousands points; dates as YYYY-MM-DD,
DD-MM-YYYY or DD.MM.YYYY, months as YYYY-MM; booleans true/false, 1/0, yes/no, ja/nej in any
case; a Danish company's CVR has 8 digits whose sum weighted 2,7,6,5,4,3,2,1 is divisible by 11;
hours are > 0 and <= 744; an hourly rate above the cap (default DKK 600) is quarantined.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from etl.kinds import RATE_CAP_DKK, SPECS
from etl.parse import (
    canonical_numbers,
    parse_bool,
    parse_date,
    parse_int,
    parse_month,
    parse_number,
    valid_cvr,
)
from etl.row_checks import pandera_failures

NAN = math.nan


def text(*cells: str) -> pd.Series:
    return pd.Series(list(cells), dtype="str")


def same(got: pd.Series, expected: list) -> bool:
    """Element-wise equality where NaN/NaT/NA equals NaN/NaT/NA."""
    values = got.tolist()
    if len(values) != len(expected):
        return False
    for have, want in zip(values, expected, strict=True):
        if pd.isna(want):
            if not pd.isna(have):
                return False
        elif pd.isna(have) or have != want:
            return False
    return True


# --- numbers ------------------------------------------------------------------------------------


def test_plain_numbers():
    got = parse_number(text("12", "-3.5", "+2", ".5", "5.", "1e3", "1,5", "", " 12", "12 t"))
    assert same(got, [12.0, -3.5, 2.0, 0.5, 5.0, NAN, NAN, NAN, NAN, NAN])


def test_a_cell_that_is_not_text_is_no_number():
    # an object column with a float in it: only the text "2" is a number
    got = parse_number(pd.Series([1.5, "2", "x"], dtype=object))
    assert same(got, [NAN, 2.0, NAN])


def test_decimal_comma_numbers_are_rewritten_with_a_point():
    cells = text("1.234,50", "7,5", "1.234", "12", "-1.000.000,25", "1.5", "1,234.50", "")
    # `1.5` cannot hold a thousands point, so its point is a decimal point; `1,234.50` is not a
    # number in a decimal-comma file and stays as sent (to be reported)
    expected = ["1234.50", "7.5", "1234", "12", "-1000000.25", "1.5", "1,234.50", ""]
    assert canonical_numbers(cells, decimal_comma=True).tolist() == expected
    assert same(
        parse_number(canonical_numbers(cells, True)),
        [1234.5, 7.5, 1234.0, 12.0, -1000000.25, 1.5, NAN, NAN],
    )
    # a file with `,` as delimiter has decimal points: nothing is rewritten
    assert canonical_numbers(cells, decimal_comma=False).tolist() == cells.tolist()


def test_whole_numbers():
    assert same(parse_int(text("12", "12.0", "12.5", "-3", "", "x")), [12, 12, NAN, -3, NAN, NAN])


def number_failures(kind: str, column: str, cells: list[str]) -> dict[int, set[str]]:
    """{row: rules} of a frame of `kind` where only `column` has values."""
    frame = pd.DataFrame(
        {c: pd.Series([""] * len(cells), dtype="str") for c in SPECS[kind].columns}
    )
    frame[column] = pd.Series(cells, dtype="str")
    failures = pandera_failures(kind, frame)
    failures = failures[failures["column_name"] == column]
    out: dict[int, set[str]] = {}
    for index, rule in zip(failures["index"], failures["rule"], strict=True):
        out.setdefault(int(index), set()).add(rule)
    return out


def test_number_format_rule_on_decimal_and_whole_number_columns():
    # hours: a number, and required
    assert number_failures("inkind", "hours", ["7.5", "", "7,5 h", "abc"]) == {
        1: {"required"},
        2: {"number_format"},
        3: {"number_format"},
    }
    # employees: a whole number; empty is allowed (optional)
    assert number_failures("organisations", "employees", ["12", "", "12.5", "tolv"]) == {
        2: {"number_format"},
        3: {"number_format"},
    }


# --- dates, months ------------------------------------------------------------------------------


def test_the_three_date_formats_and_nothing_else():
    got = parse_date(
        text(
            "2020-03-05",
            "05-03-2020",
            "05.03.2020",
            "2020-02-29",
            "2019-02-29",
            "2020/03/05",
            "03-05-20",
            "",
            "soon",
        )
    )
    day = pd.Timestamp(2020, 3, 5)
    assert same(got, [day, day, day, pd.Timestamp(2020, 2, 29), NAN, NAN, NAN, NAN, NAN])


def test_mixed_formats_in_one_column_each_parse():
    got = parse_date(text("05.03.2020", "2020-03-06", "07-03-2020", "x", "08.03.2020"))
    expected = [pd.Timestamp(2020, 3, d) for d in (5, 6, 7)] + [NAN, pd.Timestamp(2020, 3, 8)]
    assert same(got, expected)


def test_dates_in_other_digits_are_not_dates():
    # the contract's dates are ASCII digits; full-width or Arabic-Indic digits look alike on
    # screen but are not dates, whatever pandas version reads the text
    cells = pd.Series(
        ["２０２０-０３-０５", "٢٠٢٠-٠٣-٠٥", "０５.０３.２０２０", "2020-03-05\u00a0"]
    )
    assert parse_date(cells).isna().all()
    assert parse_month(pd.Series(["２０２０-０３", "2020-03"])).tolist() == [
        pd.NaT,
        pd.Timestamp(2020, 3, 1),
    ]


def test_an_excel_midnight_time_is_a_date_but_another_time_is_not():
    got = parse_date(
        text("2020-03-05 00:00:00", "2020-03-05T00:00", "05.03.2020 00:00", "2020-03-05 10:00")
    )
    day = pd.Timestamp(2020, 3, 5)
    assert same(got, [day, day, day, NAN])


def test_months_are_the_first_day_of_the_month():
    got = parse_month(text("2020-03", "2020-03-17", "17.03.2020", "2020-13", "", "marts"))
    march = pd.Timestamp(2020, 3, 1)
    assert same(got, [march, march, march, NAN, NAN, NAN])


def test_a_column_of_only_empty_dates():
    assert same(parse_date(text("", "")), [NAN, NAN])
    assert same(parse_month(text("", "")), [NAN, NAN])


def test_date_rules_on_activities():
    frame = pd.DataFrame({c: pd.Series([""] * 6, dtype="str") for c in SPECS["activities"].columns})
    frame["start_date"] = text("2000-01-01", "1999-12-31", "2100-12-31", "2101-01-01", "", "x")
    failures = pandera_failures("activities", frame)
    start = failures[failures["column_name"] == "start_date"]
    rules = {(int(i), r) for i, r in zip(start["index"], start["rule"], strict=True)}
    # years 2000..2100 are in range; empty is left to `required`
    assert rules - {(4, "required")} == {(1, "range"), (3, "range"), (5, "date_format")}


# --- booleans -----------------------------------------------------------------------------------


def test_booleans_in_every_accepted_word_and_case():
    got = parse_bool(text("TRUE", "false", "1", "0", "Yes", "NO", "ja", "Nej", "maybe", "", "2"))
    assert same(got, [True, False, True, False, True, False, True, False, NAN, NAN, NAN])


def test_boolean_rule():
    frame = pd.DataFrame({c: pd.Series([""] * 3, dtype="str") for c in SPECS["outcomes"].columns})
    frame["new_product"] = text("ja", "", "måske")
    failures = pandera_failures("outcomes", frame)
    rules = failures[failures["column_name"] == "new_product"]
    assert {(int(i), r) for i, r in zip(rules["index"], rules["rule"], strict=True)} == {
        (1, "required"),
        (2, "boolean_format"),
    }


# --- CVR ----------------------------------------------------------------------------------------


def test_cvr_checksum():
    # 12345674: 2*1 + 7*2 + 6*3 + 5*4 + 4*5 + 3*6 + 2*7 + 1*4 = 110 = 10 x 11 -> valid (every
    # digit non-zero, so any other weight breaks it); 12345678: 114 -> not divisible by 11
    # 23456788: 4 + 21 + 24 + 25 + 24 + 21 + 16 + 8 = 143 = 13 x 11 -> valid
    cells = text("12345674", "23456788", "12345678", "1234567", "123456745", "1234567a", "", "")
    assert valid_cvr(cells).tolist() == [True, True, False, False, False, False, False, False]
    assert valid_cvr(text("abc", "")).tolist() == [False, False]
    # a missing cell (None in an object column) is no CVR either
    assert valid_cvr(pd.Series(["12345674", None], dtype=object)).tolist() == [True, False]


def organisation(**cells: str) -> dict[str, str]:
    row = {"org_id": "O1", "name": "X", "org_type": "company", "country": "DK", "cvr": ""}
    row.update(employees="", region="Hovedstaden")
    row.update(cells)
    return row


def row_rules(kind: str, rows: list[dict[str, str]]) -> set[tuple[int, str]]:
    frame = pd.DataFrame(
        {c: pd.Series([r.get(c, "") for r in rows], dtype="str") for c in SPECS[kind].columns}
    )
    failures = pandera_failures(kind, frame)
    return {(int(i), r) for i, r in zip(failures["index"], failures["rule"], strict=True)}


def test_only_a_danish_company_needs_a_valid_cvr():
    rows = [
        organisation(org_id="O1", cvr="12345674"),  # Danish company, valid
        organisation(org_id="O2", cvr="12345678"),  # Danish company, bad checksum
        organisation(org_id="O3", cvr=""),  # Danish company without CVR
        organisation(org_id="O4", country="DE", region="", cvr=""),  # German company
        organisation(org_id="O5", org_type="knowledge_institution", cvr=""),  # Danish, no company
        organisation(org_id="O6", org_type="municipality", cvr="12345678"),
    ]
    assert row_rules("organisations", rows) == {(1, "cvr_checksum"), (2, "cvr_checksum")}


# --- rate cap and hours -------------------------------------------------------------------------


def inkind(hours: str = "1", rate: str = "100") -> dict[str, str]:
    return {
        "entry_id": f"E{hours}-{rate}",
        "org_id": "O1",
        "activity_id": "A1",
        "month": "2020-03",
        "hours": hours,
        "hourly_rate_dkk": rate,
        "documentation": "timesheet",
    }


def test_the_default_rate_cap_is_600_and_the_cap_itself_is_allowed():
    rows = [inkind(rate=r) for r in ("600", "600.01", "599.99", "601", "1200", "0.01")]
    assert row_rules("inkind", rows) == {(1, "rate_cap"), (3, "rate_cap"), (4, "rate_cap")}


def test_the_rate_cap_is_configurable():
    token = RATE_CAP_DKK.set(750.0)
    try:
        rows = [inkind(rate=r) for r in ("700", "750", "750.5")]
        assert row_rules("inkind", rows) == {(2, "rate_cap")}
    finally:
        RATE_CAP_DKK.reset(token)


def test_a_rate_must_be_more_than_zero():
    rows = [inkind(rate=r) for r in ("0", "-5", "0.01")]
    assert row_rules("inkind", rows) == {(0, "range"), (1, "range")}


def test_hours_are_more_than_zero_and_at_most_744():
    cells = ("744", "744.5", "745", "0", "0.5", "-1", "1")
    rows = [inkind(hours=h) for h in cells]
    assert row_rules("inkind", rows) == {(1, "range"), (2, "range"), (3, "range"), (5, "range")}


@pytest.mark.parametrize(
    ("column", "cells", "bad"),
    [
        # quarter 1..4 (both ends allowed)
        ("quarter", ("1", "4", "0", "5"), {2, 3}),
        # amounts >= 0 (0 allowed)
        ("amount_dkk", ("0", "-0.01", "10"), {1}),
    ],
)
def test_closed_ranges_of_funding(column, cells, bad):
    base = {
        "funding_id": "F1",
        "year": "2020",
        "quarter": "1",
        "source": "ministry",
        "flow": "spent",
        "cluster": "LSI",
        "region": "",
        "category": "salary",
        "amount_dkk": "1",
    }
    rows = [{**base, "funding_id": f"F{i}", column: c} for i, c in enumerate(cells)]
    assert row_rules("funding", rows) == {(i, "range") for i in bad}
