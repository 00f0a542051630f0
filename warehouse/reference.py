"""The reference data of docs/domain.md (warehouse/reference.toml) as plain Python values."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from warehouse.vocabulary import ENUMS

REFERENCE_FILE = Path(__file__).with_name("reference.toml")

# The input's enumerations that have no dimension table: their codes are the vocabulary's
# (warehouse/vocabulary.py, which also holds their Danish and English words).
ACTIVITY_STATUSES = tuple(ENUMS["activity_status"])
PARTICIPATION_ROLES = tuple(ENUMS["participation_role"])
INKIND_DOCUMENTATION = tuple(ENUMS["documentation"])
FUNDING_SOURCES = tuple(ENUMS["funding_source"])
FUNDING_FLOWS = tuple(ENUMS["funding_flow"])
FUNDING_CATEGORIES = tuple(ENUMS["funding_category"])
APPLICATION_FUNDS = tuple(ENUMS["application_fund"])
APPLICATION_STATUSES = tuple(ENUMS["application_status"])
TARGET_SCOPE_ALL = "ALL"
DEFAULT_RATE_CAP_DKK = 600.0


@cache
def reference() -> dict[str, list[dict]]:
    """Read reference.toml and return {dimension: [entries in display order]}."""
    with REFERENCE_FILE.open("rb") as fh:
        return tomllib.load(fh)


def codes(dimension: str) -> tuple[str, ...]:
    """Return the codes of one dimension (cluster, region, theme, ...) in display order."""
    return tuple(entry["code"] for entry in reference()[dimension])


def labels(dimension: str, lang: str = "da") -> dict[str, str]:
    """Return {code: label} of one dimension in the language `da` or `en`."""
    key = "label_en" if lang == "en" else "label_da"
    return {entry["code"]: entry[key] for entry in reference()[dimension]}


def home_region() -> dict[str, str]:
    """Return {cluster code: home region code}."""
    return {entry["code"]: entry["home_region"] for entry in reference()["cluster"]}
