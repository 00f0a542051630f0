"""bench/compare_outputs.py's hashing and comparison on hand-made frames (the full run, two
versions at scale 1 and 100, is recorded in docs/architecture.md, "Same numbers")."""

from __future__ import annotations

from datetime import date

import pandas as pd

from bench.compare_outputs import compare, frame_hash


def test_the_hash_ignores_row_order_types_and_the_last_bits_of_a_float() -> None:
    a = pd.DataFrame(
        {"scope": ["LSI", "WT"], "actual": [3, 0.1 + 0.2], "day": [date(2020, 1, 1)] * 2}
    )
    b = pd.DataFrame({"scope": ["WT", "LSI"], "actual": [0.3, 3.0], "day": [date(2020, 1, 1)] * 2})
    assert frame_hash(a) == frame_hash(b)
    assert frame_hash(a)["rows"] == 2


def test_the_hash_sees_a_changed_value_a_null_and_a_renamed_column() -> None:
    base = frame_hash(pd.DataFrame({"scope": ["LSI", "WT"], "actual": [3, 1]}))
    assert frame_hash(pd.DataFrame({"scope": ["LSI", "WT"], "actual": [3, 2]})) != base
    assert frame_hash(pd.DataFrame({"scope": ["LSI", "WT"], "actual": [3, None]})) != base
    assert frame_hash(pd.DataFrame({"scope": ["LSI", "WT"], "value": [3, 1]})) != base


def test_the_hash_leaves_out_when_the_load_ran() -> None:
    first = frame_hash({"load_id": 1, "loaded_at": pd.Timestamp("2026-01-01 10:00")})
    again = frame_hash({"load_id": 1, "loaded_at": pd.Timestamp("2026-01-01 10:05")})
    assert first == again


def test_compare_lists_differences_and_one_sided_results() -> None:
    same = {"md5": "a", "rows": 1, "columns": ["x"]}
    base = {"q1": same, "q2": same, "old": same}
    head = {"q1": same, "q2": {**same, "md5": "b"}, "new": same}
    assert [line.split(":")[0] for line in compare(base, head)] == [
        "only in head",
        "only in base",
        "DIFFERS",
    ]
