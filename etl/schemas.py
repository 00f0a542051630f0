"""Pandera models of the input files of SPEC §3, one DataFrameModel per file kind.

The models validate the text cells exactly as sent (numbers already rewritten with a decimal
point), with `lazy=True`, so one run reports every problem of every row. Each check carries the
name of the quarantine rule it enforces (docs/architecture.md lists them). Cross-file references
are checked afterwards in `etl/validate.py`, once every kind's own rows are known.
"""

from __future__ import annotations

import re
import tomllib
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.parse import (
    parse_bool,
    parse_date,
    parse_int,
    parse_month,
    parse_number,
    split_codes_flat,
    valid_cvr,
)
from warehouse import reference as ref
from warehouse.vocabulary import RULE_EXPLAINED, words

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


# --- element checks: every one lets an empty cell pass, `required` is the only check of that ---


def _filled(s: pd.Series) -> pd.Series:
    return s != ""


def _one_of(s: pd.Series, allowed: tuple[str, ...] | frozenset[str]) -> pd.Series:
    return (s == "") | s.isin(list(allowed))


def _is_date(s: pd.Series) -> pd.Series:
    return (s == "") | parse_date(s).notna()


def _date_in_range(s: pd.Series) -> pd.Series:
    years = parse_date(s).dt.year
    return years.isna() | years.between(*YEAR_RANGE)


def _is_number(s: pd.Series) -> pd.Series:
    return (s == "") | parse_number(s).notna()


def _is_int(s: pd.Series) -> pd.Series:
    return (s == "") | parse_int(s).notna()


def _is_bool(s: pd.Series) -> pd.Series:
    return (s == "") | parse_bool(s).notna()


def _within(s: pd.Series, low: float | None, high: float | None, low_open: bool = False):
    value = parse_number(s)
    ok = value.isna()
    inside = pd.Series(True, index=s.index)
    if low is not None:
        inside &= value > low if low_open else value >= low
    if high is not None:
        inside &= value <= high
    return ok | inside


def _unique(df: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """Flag every row whose key an earlier row already used (the first one loads)."""
    filled = (df[list(key)] != "").all(axis=1)
    return ~(df.duplicated(subset=list(key), keep="first") & filled)


class _Base(pa.DataFrameModel):
    class Config:
        strict = False  # extra columns are reported by the reader and ignored here
        coerce = False


class Organisations(_Base):
    org_id: Series[str]
    name: Series[str]
    org_type: Series[str]
    cvr: Series[str]
    employees: Series[str]
    region: Series[str]
    country: Series[str]

    @pa.check("org_id", "name", "org_type", "country", name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return _filled(s)

    @pa.check("org_type", name="enum")
    def _org_type(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.codes("org_type"))

    @pa.check("region", name="enum")
    def _region(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.codes("region"))

    @pa.check("country", name="enum")
    def _country(cls, s: Series[str]) -> Series[bool]:
        return (s == "") | s.str.fullmatch(r"[A-Z]{2}").fillna(False).astype(bool)

    @pa.check("employees", name="number_format")
    def _employees_int(cls, s: Series[str]) -> Series[bool]:
        return _is_int(s)

    @pa.check("employees", name="range")
    def _employees_range(cls, s: Series[str]) -> Series[bool]:
        return _within(s, 0, MAX_EMPLOYEES)

    @pa.dataframe_check(name="cvr_checksum")
    def _cvr(cls, df: pd.DataFrame) -> Series[bool]:
        danish_company = (df["org_type"] == "company") & (df["country"] == "DK")
        return ~danish_company | valid_cvr(df["cvr"])

    @pa.dataframe_check(name="region_for_country")
    def _region_for_country(cls, df: pd.DataFrame) -> Series[bool]:
        danish = df["country"] == "DK"
        return (danish & (df["region"] != "")) | (~danish & (df["region"] == ""))

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique(df, SPECS["organisations"].key)


class Activities(_Base):
    activity_id: Series[str]
    title: Series[str]
    activity_type: Series[str]
    lead_cluster: Series[str]
    partner_clusters: Series[str]
    theme: Series[str]
    technology: Series[str]
    start_date: Series[str]
    end_date: Series[str]
    region: Series[str]
    country: Series[str]
    status: Series[str]
    users_involved: Series[str]

    @pa.check(*SPECS["activities"].required, name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return _filled(s)

    @pa.check("activity_type", name="enum")
    def _type(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.codes("activity_type"))

    @pa.check("lead_cluster", name="enum")
    def _lead(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.codes("cluster"))

    @pa.check("partner_clusters", name="enum")
    def _partners(cls, s: Series[str]) -> Series[bool]:
        codes, rows = split_codes_flat(s)
        unknown = ~pd.Series(codes, dtype="str").isin(list(ref.codes("cluster"))).to_numpy()
        bad = np.zeros(len(s), dtype=bool)
        bad[rows[unknown]] = True
        return pd.Series(~bad, index=s.index)

    @pa.check("theme", name="enum")
    def _theme(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.codes("theme"))

    @pa.check("technology", name="enum")
    def _technology(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.codes("technology"))

    @pa.check("region", name="enum")
    def _region(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.codes("region"))

    @pa.check("country", name="enum")
    def _country(cls, s: Series[str]) -> Series[bool]:
        return (s == "") | s.str.fullmatch(r"[A-Z]{2}").fillna(False).astype(bool)

    @pa.check("status", name="enum")
    def _status(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.ACTIVITY_STATUSES)

    @pa.check("start_date", "end_date", name="date_format")
    def _dates(cls, s: Series[str]) -> Series[bool]:
        return _is_date(s)

    @pa.check("start_date", "end_date", name="range")
    def _dates_range(cls, s: Series[str]) -> Series[bool]:
        return _date_in_range(s)

    @pa.check("users_involved", name="boolean_format")
    def _users(cls, s: Series[str]) -> Series[bool]:
        return _is_bool(s)

    @pa.dataframe_check(name="end_before_start")
    def _end_after_start(cls, df: pd.DataFrame) -> Series[bool]:
        start, end = parse_date(df["start_date"]), parse_date(df["end_date"])
        return start.isna() | end.isna() | (end >= start)

    @pa.dataframe_check(name="partner_is_lead")
    def _partner_not_lead(cls, df: pd.DataFrame) -> Series[bool]:
        codes, rows = split_codes_flat(df["partner_clusters"])
        lead = df["lead_cluster"].to_numpy(dtype=object)[rows]
        bad = np.zeros(len(df), dtype=bool)
        bad[rows[codes == lead]] = True
        return pd.Series(~bad, index=df.index)

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique(df, SPECS["activities"].key)


class Participations(_Base):
    activity_id: Series[str]
    org_id: Series[str]
    participants: Series[str]
    role: Series[str]

    @pa.check("activity_id", "org_id", "participants", "role", name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return _filled(s)

    @pa.check("participants", name="number_format")
    def _participants_int(cls, s: Series[str]) -> Series[bool]:
        return _is_int(s)

    @pa.check("participants", name="range")
    def _participants_range(cls, s: Series[str]) -> Series[bool]:
        return _within(s, 1, MAX_PARTICIPANTS)

    @pa.check("role", name="enum")
    def _role(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.PARTICIPATION_ROLES)

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique(df, SPECS["participations"].key)


class Inkind(_Base):
    entry_id: Series[str]
    org_id: Series[str]
    activity_id: Series[str]
    month: Series[str]
    hours: Series[str]
    hourly_rate_dkk: Series[str]
    documentation: Series[str]

    @pa.check(*SPECS["inkind"].required, name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return _filled(s)

    @pa.check("month", name="date_format")
    def _month(cls, s: Series[str]) -> Series[bool]:
        return (s == "") | parse_month(s).notna()

    @pa.check("month", name="range")
    def _month_range(cls, s: Series[str]) -> Series[bool]:
        years = parse_month(s).dt.year
        return years.isna() | years.between(*YEAR_RANGE)

    @pa.check("hours", "hourly_rate_dkk", name="number_format")
    def _numbers(cls, s: Series[str]) -> Series[bool]:
        return _is_number(s)

    @pa.check("hours", name="range")
    def _hours(cls, s: Series[str]) -> Series[bool]:
        return _within(s, 0, 744, low_open=True)

    @pa.check("hourly_rate_dkk", name="range")
    def _rate_positive(cls, s: Series[str]) -> Series[bool]:
        return _within(s, 0, MAX_HOURLY_RATE_DKK, low_open=True)

    @pa.check("hourly_rate_dkk", name="rate_cap")
    def _rate_cap(cls, s: Series[str]) -> Series[bool]:
        return _within(s, None, RATE_CAP_DKK.get())

    @pa.check("documentation", name="enum")
    def _documentation(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.INKIND_DOCUMENTATION)

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique(df, SPECS["inkind"].key)


class Funding(_Base):
    funding_id: Series[str]
    year: Series[str]
    quarter: Series[str]
    source: Series[str]
    flow: Series[str]
    cluster: Series[str]
    region: Series[str]
    category: Series[str]
    amount_dkk: Series[str]

    @pa.check(*SPECS["funding"].required, name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return _filled(s)

    @pa.check("year", "quarter", name="number_format")
    def _ints(cls, s: Series[str]) -> Series[bool]:
        return _is_int(s)

    @pa.check("amount_dkk", name="number_format")
    def _amount(cls, s: Series[str]) -> Series[bool]:
        return _is_number(s)

    @pa.check("year", name="range")
    def _year(cls, s: Series[str]) -> Series[bool]:
        return _within(s, *YEAR_RANGE)

    @pa.check("quarter", name="range")
    def _quarter(cls, s: Series[str]) -> Series[bool]:
        return _within(s, 1, 4)

    @pa.check("amount_dkk", name="range")
    def _amount_range(cls, s: Series[str]) -> Series[bool]:
        return _within(s, 0, MAX_AMOUNT_DKK)

    @pa.check("source", name="enum")
    def _source(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.FUNDING_SOURCES)

    @pa.check("flow", name="enum")
    def _flow(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.FUNDING_FLOWS)

    @pa.check("cluster", name="enum")
    def _cluster(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.codes("cluster"))

    @pa.check("region", name="enum")
    def _region(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.codes("region"))

    @pa.check("category", name="enum")
    def _category(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.FUNDING_CATEGORIES)

    @pa.dataframe_check(name="region_for_source")
    def _region_for_source(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["source"] != "region") | (df["region"] != "")

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique(df, SPECS["funding"].key)


class Applications(_Base):
    application_id: Series[str]
    activity_id: Series[str]
    lead_org_id: Series[str]
    fund: Series[str]
    submitted_date: Series[str]
    amount_applied_dkk: Series[str]
    status: Series[str]
    amount_granted_dkk: Series[str]

    @pa.check(*SPECS["applications"].required, name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return _filled(s)

    @pa.check("fund", name="enum")
    def _fund(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.APPLICATION_FUNDS)

    @pa.check("status", name="enum")
    def _status(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, ref.APPLICATION_STATUSES)

    @pa.check("submitted_date", name="date_format")
    def _date(cls, s: Series[str]) -> Series[bool]:
        return _is_date(s)

    @pa.check("submitted_date", name="range")
    def _date_range(cls, s: Series[str]) -> Series[bool]:
        return _date_in_range(s)

    @pa.check("amount_applied_dkk", "amount_granted_dkk", name="number_format")
    def _amounts(cls, s: Series[str]) -> Series[bool]:
        return _is_number(s)

    @pa.check("amount_applied_dkk", "amount_granted_dkk", name="range")
    def _amounts_range(cls, s: Series[str]) -> Series[bool]:
        return _within(s, 0, MAX_AMOUNT_DKK)

    @pa.dataframe_check(name="granted_amount")
    def _granted(cls, df: pd.DataFrame) -> Series[bool]:
        amount = parse_number(df["amount_granted_dkk"])
        granted = df["status"] == "granted"
        unreadable = (df["amount_granted_dkk"] != "") & amount.isna()  # number_format says so
        return unreadable | (granted & (amount > 0)) | (~granted & (amount.isna() | (amount == 0)))

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique(df, SPECS["applications"].key)


class Outcomes(_Base):
    org_id: Series[str]
    year: Series[str]
    new_knowledge: Series[str]
    new_product: Series[str]
    new_collaboration: Series[str]

    @pa.check(*SPECS["outcomes"].required, name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return _filled(s)

    @pa.check("year", name="number_format")
    def _year_int(cls, s: Series[str]) -> Series[bool]:
        return _is_int(s)

    @pa.check("year", name="range")
    def _year(cls, s: Series[str]) -> Series[bool]:
        return _within(s, *YEAR_RANGE)

    @pa.check("new_knowledge", "new_product", "new_collaboration", name="boolean_format")
    def _bools(cls, s: Series[str]) -> Series[bool]:
        return _is_bool(s)

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique(df, SPECS["outcomes"].key)


class Targets(_Base):
    kpi_id: Series[str]
    year: Series[str]
    scope: Series[str]
    target: Series[str]

    @pa.check("kpi_id", "year", "scope", "target", name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return _filled(s)

    @pa.check("kpi_id", name="unknown_kpi")
    def _kpi(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, kpi_ids())

    @pa.check("year", name="number_format")
    def _year_int(cls, s: Series[str]) -> Series[bool]:
        return _is_int(s)

    @pa.check("year", name="range")
    def _year(cls, s: Series[str]) -> Series[bool]:
        return _within(s, *YEAR_RANGE)

    @pa.check("target", name="number_format")
    def _target_number(cls, s: Series[str]) -> Series[bool]:
        return _is_number(s)

    @pa.check("target", name="range")
    def _target_range(cls, s: Series[str]) -> Series[bool]:
        return _within(s, 0, MAX_TARGET)

    @pa.check("scope", name="enum")
    def _scope(cls, s: Series[str]) -> Series[bool]:
        return _one_of(s, (ref.TARGET_SCOPE_ALL, *ref.codes("cluster")))

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique(df, SPECS["targets"].key)


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "organisations": Organisations,
    "activities": Activities,
    "participations": Participations,
    "inkind": Inkind,
    "funding": Funding,
    "applications": Applications,
    "outcomes": Outcomes,
    "targets": Targets,
}

# Column names that say the file holds personal data, which the network does not want (SPEC §3).
PERSONAL_COLUMN = re.compile(
    r"(e_?mail|^mail|phone|telefon|^tlf|mobil|first_?name|last_?name|full_?name|fornavn|"
    r"efternavn|surname|contact|kontakt|person|^cpr|birth|fødsel)"
)
_EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
_PHONE = r"(\+|00)?\d[\d \-]{7,14}\d"


def personal_data_column(name: str, values: pd.Series) -> str | None:
    """Return why a column looks like a person's name, e-mail or phone number, else None."""
    if PERSONAL_COLUMN.search(name):
        return f"the column name '{name}' suggests personal data (names, e-mails or phones)"
    sample = values[values != ""].head(200)
    if len(sample) >= 3:
        if sample.str.fullmatch(_EMAIL).mean() > 0.5:
            return f"the column '{name}' holds e-mail addresses"
        if sample.str.fullmatch(_PHONE).mean() > 0.5:
            return f"the column '{name}' holds phone numbers"
    return None


#: Quarantine rule -> the load's message (the vocabulary's, warehouse/vocabulary.py).
RULE_MESSAGES: dict[str, str] = words(RULE_EXPLAINED, "en")
