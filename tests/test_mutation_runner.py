"""The mutant generators of the mutation run (tests/mutation/): what they make of small inputs.

The run itself (`python -m tests.mutation`) is not part of the suite; these tests pin what its
generators do, so that a change to them does not quietly stop mutating a kind of rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("sqlglot", reason="the mutation run needs sqlglot (dev dependency)")

from tests.mutation.families import FAMILIES, uncovered_sql_folders  # noqa: E402
from tests.mutation.py_mutants import py_mutants  # noqa: E402
from tests.mutation.sql_mutants import canonical, sql_mutants  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

SQL = """-- a comment stays
WITH picked AS (
    SELECT id FROM t
    WHERE a < 3
      AND (b IS NULL OR b IN ('x', 'y'))
      AND NOT c
)
SELECT CASE WHEN id = 1 THEN 'one' WHEN id = 2 THEN 'two' END AS word FROM picked
"""


def mutated(text: str) -> dict[str, str]:
    """{description: mutated text} of the SQL mutants of `text`."""
    mutants, rejected = sql_mutants("f", "f.sql", text)
    assert rejected == []
    return {m.description: m.text for m in mutants}


def test_sql_operators_make_small_text_edits():
    got = mutated(SQL)
    a_line = "    WHERE a < 3\n"
    # comparison loosened, in place
    assert got["`a < 3`: < -> <="] == SQL.replace(a_line, "    WHERE a <= 3\n")
    # a condition of the AND dropped, with its AND
    assert got["drop `NOT c` from its AND"] == SQL.replace("\n      AND NOT c", "")
    # a NOT removed, a condition negated
    assert got["remove NOT from `NOT c`"] == SQL.replace("AND NOT c", "AND c")
    assert got["negate `b IS NULL`"] == SQL.replace("(b IS NULL", "(NOT (b IS NULL)")
    # the IN list shortened by one, each way
    assert got["leave 'x' out of `b IN ('x', 'y')`"] == SQL.replace("('x', 'y')", "('y')")
    assert got["leave 'y' out of `b IN ('x', 'y')`"] == SQL.replace("('x', 'y')", "('x')")
    # OR -> AND
    assert got["OR -> AND before `b IN ('x', 'y')`"] == SQL.replace("NULL OR b", "NULL AND b")
    # the whole WHERE dropped
    assert (
        "WHERE TRUE\n)" in got["WHERE `a < 3 AND (b IS NULL OR b IN ('x', 'y')) AND NOT c` -> TRUE"]
    )
    # CASE: a branch dropped, a condition replaced by its neighbour, a condition negated
    assert "CASE  WHEN id = 2 THEN 'two' END" in got["drop `WHEN id = 1 THEN 'one'`"]
    assert "CASE WHEN id = 2 THEN 'one' WHEN id = 2" in got["WHEN `id = 1` -> `id = 2`"]
    assert "CASE WHEN NOT (id = 1) THEN" in got["negate `id = 1`"]
    # every mutant keeps the comment and parses to something else than the original
    for text in got.values():
        assert text.startswith("-- a comment stays\n")
        assert canonical(text) != canonical(SQL)


def test_the_deep_dive_rule_is_mutated():
    # the international-activity rule, once, in the semantic model (a SELECT column, not a WHERE)
    path = "warehouse/sql/models/10_activity_facts.sql"
    text = (ROOT / path).read_text(encoding="utf-8")
    mutants, _ = sql_mutants("models", path, text)
    dropped = [
        m for m in mutants if m.description == "drop `activity_type = 'deep_dive'` from its OR"
    ]
    assert len(dropped) == 1
    assert "deep_dive" not in dropped[0].text.split("WITH", 1)[1]


def test_ids_do_not_depend_on_unrelated_edits():
    before = {m.id for m in sql_mutants("f", "f.sql", SQL)[0]}
    lines = SQL.splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + "  -- the rows\n"
    edited = "".join(["-- another comment\n", *lines])
    after = {m.id for m in sql_mutants("f", "f.sql", edited)[0]}
    assert len(before) > 10 and before == after


PY = '''
LIMIT = 744


def within(x, low, high, strict=False):
    """Docstrings are not mutated."""
    if strict:
        return x > low and x <= high
    return (x >= low) & ~(x > high)


def other(x):
    return x + 1
'''


def test_python_mutants_only_in_the_named_targets():
    mutants = py_mutants("f", "f.py", PY, ["LIMIT", "within"])
    described = {m.description for m in mutants}
    assert "`744` -> `745`" in described and "`744` -> `743`" in described
    assert "comparison: `x > low` -> `(x >= low)`" in described
    assert "comparison: `x <= high` -> `(x < high)`" in described
    assert "negate: `strict` -> `(not strict)`" in described
    assert "and/or: `x > low and x <= high` -> `(x > low or x <= high)`" in described
    assert "remove the unary operator: `~(x > high)` -> `(x > high)`" in described
    assert "operator: `(x >= low) & ~(x > high)` -> `((x >= low) | ~(x > high))`" in described
    assert "`False` -> `True`" in described  # the default of `strict`
    # nothing of `other`, nothing of the docstring
    assert not any("x + 1" in d or "Docstrings" in d for d in described)
    for m in mutants:
        compile(m.text, "f.py", "exec")


def test_every_sql_folder_of_rules_belongs_to_a_family():
    assert uncovered_sql_folders(ROOT) == []


def test_every_family_has_tests_and_its_python_targets_exist():
    for family in FAMILIES:
        args, missing = family.test_args(ROOT)
        assert args, family.name
        for path, names in family.python.items():
            text = (ROOT / path).read_text(encoding="utf-8")
            for name in names:
                assert py_mutants(family.name, path, text, [name]), (path, name)


def test_equivalent_mutants_exist_and_are_explained_in_the_docs():
    import tomllib

    from tests.mutation.run import EQUIVALENT_FILE, generate

    entries = tomllib.loads(EQUIVALENT_FILE.read_text(encoding="utf-8"))["equivalent"]
    docs = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    mutants, _ = generate(FAMILIES, ROOT)
    ids = {m.id for found in mutants.values() for m in found}
    for entry in entries:
        assert entry["id"] in ids, f"equivalent.toml names a mutant that no longer exists: {entry}"
        assert len(entry["reason"]) > 40, entry["id"]
        assert f"`{entry['id']}`" in docs, f"docs/testing.md does not list {entry['id']}"
