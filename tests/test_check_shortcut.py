"""The shortcut past Pandera's report (etl/check_shortcut.py) passes exactly what Pandera does.

Frames of every kind are generated from the valid set's cells mixed with hostile ones (empty,
wrong codes and formats, out of range, missing values, other scripts); for each, the shortcut's
answer is compared with Pandera's own validation of the same frame by the same schema. The
shortcut may only ever answer "passes" when Pandera finds nothing; and it must answer it then,
or it saves nothing.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.check_shortcut import passes_every_check
from etl.kinds import SPECS
from etl.row_checks import ValidationDefect, pandera_failures, row_schema
from tests.loadkit import VALID_SET

KINDS = sorted(SPECS)

HOSTILE = (
    "",
    " ",
    "x",
    "NONE",
    "-1",
    "0",
    "1,5",
    "1e9",
    "99999999999",
    "2020-13-01",
    "31.02.2020",
    "1999-12-31",
    "2020-02",
    "ja",
    "maybe",
    "DK",
    "dk",
    "XX",
    "Hovedstaden",
    "company",
    "LSI;XX",
    "١٢",
    "２０２０-０３-０５",
)


def _pandera_passes(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> bool:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors:
        return False
    return True


def _frame(kind: str, rows: list[dict[str, str | None]]) -> pd.DataFrame:
    columns = SPECS[kind].columns
    frame = pd.DataFrame(
        {c: pd.Series([row[c] for row in rows], dtype="str") for c in columns},
        index=pd.RangeIndex(len(rows)),
    )
    frame["_row"] = range(2, len(rows) + 2)
    return frame


@st.composite
def kind_and_rows(draw):
    kind = draw(st.sampled_from(KINDS))
    valid = VALID_SET[kind]
    columns = SPECS[kind].columns
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        base = draw(st.sampled_from(valid))
        row = {c: base.get(c, "") for c in columns}
        for column in draw(st.lists(st.sampled_from(columns), max_size=2, unique=True)):
            row[column] = draw(st.one_of(st.sampled_from(HOSTILE), st.none(), st.text(max_size=6)))
        rows.append(row)
    return kind, rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind_and_rows())
def test_the_shortcut_passes_a_frame_exactly_when_pandera_does(case) -> None:
    kind, rows = case
    schema = row_schema(kind)
    frame = _frame(kind, rows)
    assert passes_every_check(schema, frame) == _pandera_passes(schema, frame)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_passes_its_valid_rows_by_the_shortcut(kind: str) -> None:
    """Every kind's schema is one the shortcut evaluates: the valid set passes without Pandera."""
    schema = row_schema(kind)
    frame = _frame(kind, [{c: r.get(c, "") for c in SPECS[kind].columns} for r in VALID_SET[kind]])
    assert _pandera_passes(schema, frame)
    assert passes_every_check(schema, frame)


def test_a_setting_the_shortcut_does_not_evaluate_sends_the_frame_to_pandera() -> None:
    schema = row_schema("organisations")
    frame = _frame("organisations", [dict(VALID_SET["organisations"][0])])
    assert passes_every_check(schema, frame)
    assert not passes_every_check(schema.set_index(["org_id"]), frame)  # an index schema
    unique = schema.update_column("name", unique=True)  # a column rule it does not run
    assert not passes_every_check(unique, frame)
    element_wise = schema.update_column(
        "name", checks=[pa.Check(lambda cell: cell != "", element_wise=True)]
    )
    assert not passes_every_check(element_wise, frame)


def test_a_check_that_raises_is_left_to_pandera_which_rejects_the_chunk() -> None:
    schema = row_schema("organisations")

    def broken(series: pd.Series) -> pd.Series:
        raise ValueError("cannot tell")

    raising = schema.update_column("name", checks=[pa.Check(broken, name="required")])
    frame = _frame("organisations", [dict(VALID_SET["organisations"][0])])
    frame["_file"] = "organisations.csv"
    assert not passes_every_check(raising, frame)
    with pytest.raises(ValidationDefect, match="could not be evaluated"):
        pandera_failures("organisations", frame, raising)
