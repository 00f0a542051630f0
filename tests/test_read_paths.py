"""The CSV reader's three paths give the same result, and the parse-once cache is exact.

`read_csv_text` (`etl/csv_text.py`) tries Arrow's reader first (regular files), then pandas' C
parser, then the csv module row by row (anything else). The csv module's strict reading is the
definition; the fast paths take only files on which they agree with it. Each case below is read
with the paths switched off in turn (`tests/loadkit.read_by_every_path`) and compared with a
frame written out by hand: same cells, same row numbers (a spreadsheet's), same dtypes, same
rows kept aside. `tests/test_reader_properties.py` checks the same on generated text.
"""

from __future__ import annotations

import pandas as pd
import pytest

import etl.csv_fast as csv_fast
import etl.parse as parse
from etl.parse import parse_date, parse_number, parse_once
from tests.loadkit import assert_same_reading, read_by_every_path

EXPECTED = {"activity_id", "org_id", "participants", "role"}
COLUMNS = ["activity_id", "org_id", "participants", "role"]


def _frame(rows: dict[int, list[str]]) -> pd.DataFrame:
    width = len(next(iter(rows.values())))
    columns = COLUMNS + ["note"] * (width - len(COLUMNS))
    frame = pd.DataFrame(list(rows.values()), columns=columns, dtype="str")
    frame.index = pd.Index(list(rows), dtype="int64", name="row")
    return frame


CASES = {
    "plain": (
        "activity_id,org_id,participants,role\nA1,O1,2,partner\nA2,O2,3,speaker\n",
        {2: ["A1", "O1", "2", "partner"], 3: ["A2", "O2", "3", "speaker"]},
    ),
    "title line, spaces, CRLF, no final newline": (
        "Participations 2020\r\nactivity_id;org_id;participants;role\r\n A1 ; O1 ;2; partner\r\n"
        "A2;O2;3;speaker",
        {3: ["A1", "O1", "2", "partner"], 4: ["A2", "O2", "3", "speaker"]},
    ),
    "quoted delimiter, and a line break in a free-text (extra) column": (
        'activity_id,org_id,participants,role,note\nA1,"O,1",2,partner,"to\nlines"\n'
        "A2,O2,3,speaker,\n",
        {2: ["A1", "O,1", "2", "partner", "to\nlines"], 3: ["A2", "O2", "3", "speaker", ""]},
    ),
    "blank rows and an empty line in the middle": (
        "activity_id,org_id,participants,role\nA1,O1,2,partner\n\n,,,\nA2,O2,3,speaker\n",
        {2: ["A1", "O1", "2", "partner"], 5: ["A2", "O2", "3", "speaker"]},
    ),
    "a short row (Excel leaves out trailing empty cells)": (
        "activity_id,org_id,participants,role\nA1,O1\nA2,O2,3,speaker\n",
        {2: ["A1", "O1", "", ""], 3: ["A2", "O2", "3", "speaker"]},
    ),
    "a quoted title above the header": (
        '"Participations\n2020"\nactivity_id,org_id,participants,role\nA1,O1,2,partner\n',
        {3: ["A1", "O1", "2", "partner"]},  # the two-line title is one spreadsheet row
    ),
    'a quote inside a cell is a character (Workshop "3")': (
        'activity_id,org_id,participants,role\nA1,O"1",2,partner\nA2,O2,3,speaker\n',
        {2: ["A1", 'O"1"', "2", "partner"], 3: ["A2", "O2", "3", "speaker"]},
    ),
    "doubled quotes inside a quoted cell": (
        'activity_id,org_id,participants,role\nA1,"O ""1""",2,partner\n',
        {2: ["A1", 'O "1"', "2", "partner"]},
    ),
    "Ctrl-Z after the last line (an old DOS program's end-of-file mark)": (
        "activity_id,org_id,participants,role\r\nA1,O1,2,partner\r\n\x1a",
        {2: ["A1", "O1", "2", "partner"]},
    ),
    "unusual spaces around cells are trimmed alike (NBSP, ideographic space, NEL)": (
        "activity_id,org_id,participants,role\n\u00a0A1\u3000,\x85O1,2 ,partner\u2028\n",
        {2: ["A1", "O1", "2", "partner"]},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_reader_path_gives_the_same_frame(case: str) -> None:
    text, rows = CASES[case]
    results = read_by_every_path(text, EXPECTED)
    assert_same_reading(results)
    outcome, frame, overflow, problems, _ = results["arrow"]
    assert outcome == "read"
    assert (overflow == "").all() and problems.empty
    pd.testing.assert_frame_equal(frame, _frame(rows))


def test_a_row_with_extra_cells_keeps_them_whatever_the_path() -> None:
    text = "activity_id,org_id,participants,role\nA1,O1,2,partner,surplus\nA2,O2,3,speaker\n"
    results = read_by_every_path(text, EXPECTED)
    assert_same_reading(results)
    overflow = results["arrow"][2]
    assert overflow.to_dict() == {2: "surplus", 3: ""}


# Rows whose quotes are broken: kept aside whole (rule `quoting`), and the rows after them are
# read as rows; no row vanishes into another's cell, whichever path is tried first.
BROKEN_QUOTES = {
    "text after a closing quote": (
        'activity_id,org_id,participants,role\nA1,"Workshop: 3" skærm,2,partner\nA2,O2,3,speaker\n',
        {3: ["A2", "O2", "3", "speaker"]},
        {2: ("org_id", 'A1,"Workshop: 3" skærm,2,partner')},
    ),
    "a stray opening quote that would swallow the following rows": (
        'activity_id,org_id,participants,role\nA1,"Stray,2,partner\nA2,O2,3,speaker\n'
        'A3,O3,1,"speaker"\nA4,O4,1,speaker\n',
        {
            3: ["A2", "O2", "3", "speaker"],
            4: ["A3", "O3", "1", "speaker"],
            5: ["A4", "O4", "1", "speaker"],
        },
        {2: ("org_id", 'A1,"Stray,2,partner')},
    ),
    "a line break in a code column (only free text may hold one)": (
        'activity_id,org_id,participants,role\nA1,O1,2,"part\nner"\nA2,O2,3,speaker\n',
        {3: ["A2", "O2", "3", "speaker"]},
        {2: ("role", 'A1,O1,2,"part\nner"')},
    ),
    "a quote that never closes, at the end": (
        'activity_id,org_id,participants,role\nA1,O1,2,partner\nA2,"O2\n',
        {2: ["A1", "O1", "2", "partner"]},
        {3: ("org_id", 'A2,"O2')},
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_QUOTES))
def test_broken_quotes_keep_one_row_aside_whatever_the_path(case: str) -> None:
    text, rows, kept_aside = BROKEN_QUOTES[case]
    results = read_by_every_path(text, EXPECTED)
    assert_same_reading(results)
    outcome, frame, _, problems, _ = results["arrow"]
    assert outcome == "read"
    pd.testing.assert_frame_equal(frame.drop(index=list(kept_aside)), _frame(rows))
    assert set(problems["rule"]) == {"quoting"}
    assert {row: (p.column, p.raw) for row, p in problems.iterrows()} == kept_aside
    for row in kept_aside:  # the row is there, empty, so that it is counted and quarantined
        assert (frame.loc[row] == "").all()


def test_the_arrow_path_takes_regular_files_and_leaves_irregular_ones() -> None:
    header = "activity_id,org_id,participants,role\n"
    names = ["activity_id", "org_id", "participants", "role"]
    assert csv_fast.read_csv_arrow(header + "A1,O1,2,partner\n", ",", 0, names) is not None
    # an empty line reads as a blank row, dropped; the rows after it keep their numbers
    frame, blank = csv_fast.read_csv_arrow(header + "A1,O1,2,partner\n\nA2,O2,1,x\n", ",", 0, names)
    assert list(frame.index) == [2, 4] and blank == 1
    # a quote above the header: Arrow skips lines, not records, so it leaves the file alone
    assert csv_fast.read_csv_arrow('"a\nb"\n' + header + "A1,O1,2,x\n", ",", 1, names) is None
    # a row with one cell too many: not even pandas is tried (it would tokenise every cell)
    too_wide = csv_fast.read_csv_arrow(header + "A1,O1,2,partner,x\n", ",", 0, names)
    assert isinstance(too_wide, csv_fast.TooWide)


def test_only_simple_quoting_goes_to_the_fast_paths() -> None:
    assert csv_fast.simple_quoting('a,"b,c",d\n"e",f\n', ",")
    assert csv_fast.simple_quoting("no quotes at all\n", ",")
    assert not csv_fast.simple_quoting('a,"b\nc",d\n', ",")  # a line break in a quoted cell
    assert not csv_fast.simple_quoting('a,"b" c,d\n', ",")  # text after the closing quote
    assert not csv_fast.simple_quoting('a,b"c",d\n', ",")  # a quote inside a cell
    assert not csv_fast.simple_quoting('a, "b",d\n', ",")  # a space before the quote
    assert not csv_fast.simple_quoting('a,"b', ",")  # never closed
    assert csv_fast.simple_quoting('a;"b;c";d\n', ";")
    assert not csv_fast.simple_quoting('a;"b",c;d\n', ";")


def test_parse_once_parses_each_column_once_and_keeps_columns_apart(monkeypatch) -> None:
    frame = pd.DataFrame(
        {
            "start": pd.Series(["2020-01-31", "31-12-2019", "x", ""], dtype="str"),
            "end": pd.Series(["2021-02-01", "", "01.03.2020", "2020-1-1"], dtype="str"),
            "hours": pd.Series(["7.5", "", "12 t", "-3"], dtype="str"),
        }
    )
    calls = []
    real = parse._parse_formats

    def counting(text, formats):
        calls.append(len(text))
        return real(text, formats)

    monkeypatch.setattr("etl.parse._parse_formats", counting)
    without = [parse_date(frame["start"]), parse_date(frame["end"])]
    calls_without = len(calls)
    calls.clear()
    with parse_once():
        first = parse_date(frame["start"])
        again = parse_date(frame["start"])  # a new Series over the same column: from the cache
        other = parse_date(frame["end"])
        hours = parse_number(frame["hours"])
    assert len(calls) == calls_without  # two columns, each parsed once
    pd.testing.assert_series_equal(first, without[0])
    pd.testing.assert_series_equal(again, without[0])
    pd.testing.assert_series_equal(other, without[1])
    assert first.tolist()[:2] == [pd.Timestamp("2020-01-31"), pd.Timestamp("2019-12-31")]
    assert pd.isna(first.iloc[2]) and pd.isna(first.iloc[3])
    assert hours.tolist()[0] == 7.5 and hours.tolist()[3] == -3.0
    assert pd.isna(hours.iloc[1]) and pd.isna(hours.iloc[2])
    # a slice of a column has other data: parsed anew, with its own index
    with parse_once():
        tail = parse_date(frame["start"].iloc[1:])
    assert list(tail.index) == [1, 2, 3]
    assert tail.iloc[0] == pd.Timestamp("2019-12-31")
