"""Property test of the CSV reader (issue 11): generated files of every awkward shape.

Hypothesis writes participation files with random quoting (proper, none, stray quotes and
damaged cells), delimiters, line ends, encodings, title and blank lines, surplus cells and a
trailing Ctrl-Z. For each it checks that
- no input crashes: the file is read or refused with a reason (UnreadableFile), nothing else;
- every reader path (Arrow, pandas, the csv module) gives the same frame, the same surplus
  cells, the same rows kept aside and the same count of skipped rows, or the same refusal;
- every row is accounted for: each row's id is the activity_id of exactly one row read, or in
  exactly one row kept aside as sent; never swallowed into another row's cell.

The examples are bounded (`max_examples`), and the test runs in well under a minute.
"""

from __future__ import annotations

import csv
import io
import re

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from etl.decode import decode_text
from etl.errors import UnreadableFile
from etl.raw_table import OVERFLOW_COLUMN
from tests.loadkit import assert_same_reading, read_by_every_path

HEADER = ["activity_id", "org_id", "participants", "role"]
EXPECTED = set(HEADER)
# Cells never hold a capital R followed by digits: that is how the rows' ids are found again.
CELL_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abc xyz019.-æøå") + [",", ";", '"', "\n", "\r", "\t", "\u00a0", "\u200b", "'"]
    ),
    max_size=8,
)
ROW_ID = re.compile(r"R[0-9]{3}")


@st.composite
def csv_files(draw) -> tuple[bytes, list[str]]:
    """Return (the file's bytes, the ids of its rows)."""
    delimiter = draw(st.sampled_from([",", ";"]))
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quoting = draw(st.sampled_from(["minimal", "all", "none", "damaged"]))
    count = draw(st.integers(min_value=1, max_value=8))
    ids = [f"R{n:03d}" for n in range(count)]
    rows = []
    for row_id in ids:
        cells = [row_id, *draw(st.lists(CELL_TEXT, min_size=3, max_size=3))]
        cells += draw(st.lists(CELL_TEXT, min_size=0, max_size=2))  # surplus cells
        rows.append(cells)
    text = io.StringIO()
    if draw(st.booleans()):
        text.write("Deltagelser 2020" + line_end)
    header = delimiter.join(HEADER)
    text.write(header + line_end)
    for cells in rows:
        if quoting in ("minimal", "all"):
            writer = csv.writer(
                text,
                delimiter=delimiter,
                lineterminator=line_end,
                quoting=csv.QUOTE_ALL if quoting == "all" else csv.QUOTE_MINIMAL,
            )
            writer.writerow(cells)
        else:
            line = delimiter.join(cells)
            if quoting == "damaged" and draw(st.booleans()):
                # a stray quote anywhere after the id (a quote in the id only changes the id)
                cut = draw(st.integers(min_value=len(cells[0]) + 1, max_value=len(line)))
                line = line[:cut] + '"' + line[cut:]
            text.write(line + line_end)
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            text.write(line_end)  # a blank line
    body = text.getvalue()
    if draw(st.booleans()):
        body += "\x1a"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    try:
        data = body.encode(encoding)
    except UnicodeEncodeError:
        data = body.encode("utf-8")
    return data, ids


def _accounted(result: tuple, ids: list[str]) -> None:
    """Each id is the activity_id of exactly one row read or inside exactly one row kept aside,
    and never inside another cell (where a swallowed row would hide)."""
    _, frame, overflow, problems, _ = result
    found = {row_id: 0 for row_id in ids}
    for row, cells in frame.iterrows():
        if row in problems.index:
            continue
        for column, value in cells.items():
            for row_id in ROW_ID.findall(value):
                assert column == "activity_id" and value == row_id, (
                    f"{row_id} is hidden in the {column} cell of row {row}: {value!r}"
                )
                found[row_id] += 1
        for row_id in ROW_ID.findall(overflow.get(row, "")):
            raise AssertionError(f"{row_id} is hidden in the surplus cells of row {row}")
    for raw in problems["raw"]:
        for row_id in ROW_ID.findall(raw):
            found[row_id] += 1
    assert found == {row_id: 1 for row_id in ids}, found


@settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(csv_files())
def test_every_reader_path_agrees_and_every_row_is_accounted_for(generated) -> None:
    data, ids = generated
    try:
        text, _ = decode_text(data, "participations_p.csv")
    except UnreadableFile:
        return  # refused before any reader path: nothing to compare
    results = read_by_every_path(text, EXPECTED, "participations_p.csv")
    assert_same_reading(results)
    outcome = results["csv"]
    if outcome[0] == "refused":
        event(f"refused: {outcome[1][:40]}")
        return
    _accounted(outcome, ids)
    assert OVERFLOW_COLUMN not in outcome[1].columns
    # what the examples cover (pytest --hypothesis-show-statistics)
    event(f"rows kept aside: {sorted(set(outcome[3]['rule'])) or 'none'}")
    event(f"surplus cells: {bool((outcome[2] != '').any())}")
