"""The reference data of SPEC §2 (warehouse/reference.toml) as plain Python values."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

REFERENCE_FILE = Path(__file__).with_name("reference.toml")

# Enumerations of SPEC §3 that are not dimensions with labels of their own.
ACTIVITY_STATUSES = ("planned", "completed", "cancelled")
PARTICIPATION_ROLES = ("participant", "partner", "speaker", "organiser")
INKIND_DOCUMENTATION = ("timesheet", "attendance_list", "other")
FUNDING_SOURCES = ("ministry", "region", "eu", "other")
FUNDING_FLOWS = ("allocated", "spent")
FUNDING_CATEGORIES = ("salary", "operations", "travel", "external", "other")
APPLICATION_FUNDS = ("eu_regional", "innovation_fund", "horizon", "other")
APPLICATION_STATUSES = ("submitted", "granted", "rejected")
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
