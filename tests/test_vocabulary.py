"""One vocabulary: every code the warehouse, the load or the KPI engine can emit has Danish and
English words (warehouse/vocabulary.py, reference.toml, countries.toml, the KPI catalogue), so no
raw code reaches a screen, a report or the command line."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

import pytest

from etl import inputs
from etl.messages import RULE_MESSAGES
from warehouse import reference, vocabulary
from warehouse.kpi_catalogue import KPI_IDS, UNITS, kpi_catalogue
from warehouse.kpi_status import kpi_status
from warehouse.vocabulary import ENUMS, RULE_EXPLAINED, STATUS_WORDS, STATUSES, UNIT_SHORT

ROOT = Path(__file__).resolve().parents[1]


def both_languages(pair: tuple[str, str]) -> bool:
    return len(pair) == 2 and all(isinstance(w, str) and w.strip() for w in pair)


def rules_in_the_docs() -> set[str]:
    """The rule codes of docs/architecture.md's table of quarantine rules."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text[text.index("| rule | meaning |") :]
    table = table[: table.index("\n\n")]
    return set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M))


def test_every_status_the_engine_returns_has_words_icon_and_colour():
    seen = set()
    units = UNITS
    values = (None, 0, 0.5, 0.74, 0.75, 0.94, 0.95, 1, 2)
    days = (date(2019, 6, 30), date(2020, 6, 30), date(2020, 12, 31), date(2021, 1, 1))
    for unit, actual, target, as_of in itertools.product(units, values, (None, 0, 1), days):
        seen.add(kpi_status(actual, target, unit, 2020, as_of)[1])
    assert seen == set(STATUSES)
    for status in STATUSES:
        assert both_languages(STATUS_WORDS[status]), status
        assert vocabulary.STATUS_ICONS[status] and vocabulary.STATUS_COLOURS[status]


def test_every_quarantine_rule_has_words_in_both_languages():
    rules = set(RULE_MESSAGES) | rules_in_the_docs()
    assert rules == set(RULE_EXPLAINED) == set(ENUMS["rule"])
    for rule in rules:
        assert both_languages(ENUMS["rule"][rule]), rule
        assert both_languages(RULE_EXPLAINED[rule]), rule


def test_every_skip_reason_and_load_status_has_words():
    assert set(inputs.SKIP_REASONS) == set(ENUMS["skip_reason"])
    assert {"loaded", "loaded_with_quarantine", "rejected", "skipped"} <= set(ENUMS["load_status"])
    for enum in ("skip_reason", "load_status"):
        for code, pair in ENUMS[enum].items():
            assert both_languages(pair), (enum, code)


@pytest.mark.parametrize(
    ("codes", "enum"),
    [
        (reference.ACTIVITY_STATUSES, "activity_status"),
        (reference.PARTICIPATION_ROLES, "participation_role"),
        (reference.INKIND_DOCUMENTATION, "documentation"),
        (reference.FUNDING_SOURCES, "funding_source"),
        (reference.FUNDING_FLOWS, "funding_flow"),
        (reference.FUNDING_CATEGORIES, "funding_category"),
        (reference.APPLICATION_FUNDS, "application_fund"),
        (reference.APPLICATION_STATUSES, "application_status"),
    ],
)
def test_every_input_enumeration_is_the_vocabularys(codes, enum):
    assert tuple(codes) == tuple(ENUMS[enum])
    assert all(both_languages(pair) for pair in ENUMS[enum].values())


def test_every_dimension_code_has_two_labels():
    for dimension, entries in reference.reference().items():
        for entry in entries:
            assert entry["label_da"].strip() and entry["label_en"].strip(), (dimension, entry)


def test_every_kpi_and_unit_has_words():
    assert [d.id for d in kpi_catalogue()] == list(KPI_IDS)
    for d in kpi_catalogue():
        assert d.name_da and d.name_en and d.goal_da and d.goal_en, d.id
        assert both_languages(UNIT_SHORT[d.unit]) and both_languages(ENUMS["unit"][d.unit])
    assert set(UNIT_SHORT) == set(UNITS) == set(ENUMS["unit"])


def test_countries_and_file_kinds():
    assert vocabulary.country_name("DE", "en") == "Germany"
    assert vocabulary.country_name("DE", "da") == "Tyskland"
    assert all(both_languages(pair) for pair in vocabulary.countries().values())
    kinds = {
        "organisations",
        "activities",
        "participations",
        "inkind",
        "funding",
        "applications",
        "outcomes",
        "targets",
    }
    assert set(ENUMS["file_kind"]) == kinds


def test_unknown_codes_fall_back_to_the_code_itself():
    assert vocabulary.label("rule", "no_such_rule", "en") == "no_such_rule"
    assert vocabulary.status_word("weird", "da") == "weird"
    assert vocabulary.status_word("on_track", "da", capital=True) == "På sporet"
    assert vocabulary.label("rule", None) == ""
