"""What each input file kind holds: its columns, key, number columns and the bounds of its values.

The input contract itself (kinds, columns, formats, rules) is described in docs/loading.md,
"The input files".
"""

from __future__ import annotations

import tomllib
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from warehouse import reference as ref

RATE_CAP_DKK: ContextVar[float] = ContextVar("rate_cap_dkk", default=ref.DEFAULT_RATE_CAP_DKK)
YEAR_RANGE = (2000, 2100)
# Upper bounds that keep every number inside its warehouse column (INTEGER, DECIMAL(18, 2)) and
# well above anything real: a number beyond them is a typo, quarantined as `range`.
MAX_EMPLOYEES = 10_000_000
MAX_PARTICIPANTS = 100_000
MAX_AMOUNT_DKK = 1_000_000_000_000  # DKK 1,000 billion
MAX_HOURLY_RATE_DKK = 1_000_000
MAX_TARGET = 1_000_000_000_000
CATALOGUE_FILE = Path(ref.__file__).with_name("kpi_catalogue.toml")


@cache
def kpi_ids() -> frozenset[str]:
    """Return the KPI ids of the catalogue (warehouse/kpi_catalogue.toml)."""
    with CATALOGUE_FILE.open("rb") as fh:
        catalogue = tomllib.load(fh)
    entries = catalogue.get("kpi", [])
    return frozenset(entry["id"] for entry in entries)


@dataclass(frozen=True)
class KindSpec:
    """What a file kind holds: its columns, its key and the columns read as numbers."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    key: tuple[str, ...]
    numbers: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The required columns, then the optional ones."""
        return self.required + self.optional


SPECS: dict[str, KindSpec] = {
    "organisations": KindSpec(
        ("org_id", "name", "org_type", "country"),
        ("cvr", "employees", "region"),
        ("org_id",),
        ("employees",),
    ),
    "activities": KindSpec(
        (
            "activity_id",
            "title",
            "activity_type",
            "lead_cluster",
            "theme",
            "start_date",
            "end_date",
            "status",
            "users_involved",
        ),
        ("partner_clusters", "technology", "region", "country"),
        ("activity_id",),
        (),
    ),
    "participations": KindSpec(
        ("activity_id", "org_id", "participants", "role"),
        (),
        ("activity_id", "org_id"),
        ("participants",),
    ),
    "inkind": KindSpec(
        ("entry_id", "org_id", "activity_id", "month", "hours", "hourly_rate_dkk", "documentation"),
        (),
        ("entry_id",),
        ("hours", "hourly_rate_dkk"),
    ),
    "funding": KindSpec(
        ("funding_id", "year", "quarter", "source", "flow", "cluster", "category", "amount_dkk"),
        ("region",),
        ("funding_id",),
        ("year", "quarter", "amount_dkk"),
    ),
    "applications": KindSpec(
        (
            "application_id",
            "activity_id",
            "lead_org_id",
            "fund",
            "submitted_date",
            "amount_applied_dkk",
            "status",
        ),
        ("amount_granted_dkk",),
        ("application_id",),
        ("amount_applied_dkk", "amount_granted_dkk"),
    ),
    "outcomes": KindSpec(
        ("org_id", "year", "new_knowledge", "new_product", "new_collaboration"),
        (),
        ("org_id", "year"),
        ("year",),
    ),
    "targets": KindSpec(
        ("kpi_id", "year", "scope", "target"), (), ("kpi_id", "year", "scope"), ("year", "target")
    ),
}

# The columns that hold whole numbers (the others with numbers may have decimals).
INT_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    {
        ("organisations", "employees"),
        ("participations", "participants"),
        ("funding", "year"),
        ("funding", "quarter"),
        ("outcomes", "year"),
        ("targets", "year"),
    }
)

# The column a whole-row check is reported against in the quarantine.
ROW_CHECK_COLUMNS: dict[str, dict[str, str]] = {
    "organisations": {"cvr_checksum": "cvr", "region_for_country": "region", "unique": "org_id"},
    "activities": {
        "end_before_start": "end_date",
        "partner_is_lead": "partner_clusters",
        "unique": "activity_id",
    },
    "participations": {"unique": "org_id"},
    "inkind": {"unique": "entry_id"},
    "funding": {"region_for_source": "region", "unique": "funding_id"},
    "applications": {"granted_amount": "amount_granted_dkk", "unique": "application_id"},
    "outcomes": {"unique": "org_id"},
    "targets": {"unique": "kpi_id"},
}
