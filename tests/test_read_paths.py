"""The CSV reader's three paths give the same text frame, and the parse-once cache is exact.

`read_csv_text` tries Arrow's reader first (regular files), then pandas' C parser, then the csv
module row by row (irregular files). Whichever path takes a file, the frame must be the same:
same cells, same row numbers (a spreadsheet's), same dtypes. Each case below is read with the
paths switched off in turn and compared with the csv module's frame, written out by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

import etl.parse as parse
import etl.read as read
from etl.parse import parse_date, parse_number, parse_once

EXPECTED = {"activity_id", "org_id", "participants", "role"}


def _by_path(text: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, pd.DataFrame]:
    """Read `text` three times: as it comes, without Arrow, and with neither fast path."""
    frames = {"arrow": read.read_csv_text(text, "p.csv", EXPECTED)[0]}
    with monkeypatch.context() as m:
        m.setattr(read, "_read_csv_arrow", lambda *args: None)
        frames["pandas"] = read.read_csv_text(text, "p.csv", EXPECTED)[0]

        def no_fast_path(*args):
            raise read._NeedsSlowPath

        m.setattr(read, "_read_csv_fast", no_fast_path)
        frames["csv"] = read.read_csv_text(text, "p.csv", EXPECTED)[0]
    for frame in frames.values():
        if read.OVERFLOW_COLUMN not in frame:  # as read_table completes it
            frame[read.OVERFLOW_COLUMN] = ""
    return frames


def _frame(rows: dict[int, list[str]]) -> pd.DataFrame:
    columns = ["activity_id", "org_id", "participants", "role", read.OVERFLOW_COLUMN]
    frame = pd.DataFrame(
        [[*cells, ""] for cells in rows.values()], columns=columns, dtype="str"
    ).drop(columns=read.OVERFLOW_COLUMN)
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
    "quoted delimiter and line break in a cell": (
        'activity_id,org_id,participants,role\nA1,"O,1",2,"part\nner"\nA2,O2,3,speaker\n',
        {2: ["A1", "O,1", "2", "part\nner"], 3: ["A2", "O2", "3", "speaker"]},
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
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_reader_path_gives_the_same_frame(case: str, monkeypatch) -> None:
    text, rows = CASES[case]
    frames = _by_path(text, monkeypatch)
    expected = _frame(rows)
    for path, frame in frames.items():
        assert (frame[read.OVERFLOW_COLUMN] == "").all(), path
        got = frame.drop(columns=read.OVERFLOW_COLUMN)
        try:
            pd.testing.assert_frame_equal(got, expected)
        except AssertionError as exc:
            raise AssertionError(f"the {path} path differs: {exc}") from exc


def test_a_row_with_extra_cells_keeps_them_whatever_the_path(monkeypatch) -> None:
    text = "activity_id,org_id,participants,role\nA1,O1,2,partner,surplus\nA2,O2,3,speaker\n"
    for path, frame in _by_path(text, monkeypatch).items():
        assert frame.loc[2, read.OVERFLOW_COLUMN] == "surplus", path
        assert frame.loc[3, read.OVERFLOW_COLUMN] == "", path


def test_the_arrow_path_takes_regular_files_and_leaves_irregular_ones() -> None:
    header = "activity_id,org_id,participants,role\n"
    names = ["activity_id", "org_id", "participants", "role"]
    assert read._read_csv_arrow(header + "A1,O1,2,partner\n", ",", 0, names) is not None
    # an empty line reads as a blank row, dropped; the rows after it keep their numbers
    frame = read._read_csv_arrow(header + "A1,O1,2,partner\n\nA2,O2,1,x\n", ",", 0, names)
    assert list(frame.index) == [2, 4]
    # a quote above the header: Arrow skips lines, not records, so it leaves the file alone
    assert read._read_csv_arrow('"a\nb"\n' + header + "A1,O1,2,x\n", ",", 1, names) is None
    # a row with one cell too many
    assert read._read_csv_arrow(header + "A1,O1,2,partner,x\n", ",", 0, names) is None


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
