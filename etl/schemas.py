"""Pandera models of the organisation, activity, participation and in-kind files, and MODELS.

One DataFrameModel per file kind (the input contract: docs/loading.md, "The input files"); the
funding, application, outcome and target models are in `etl/schemas_funding.py`. The models
validate the text cells exactly as sent (numbers already rewritten with a decimal point), with
`lazy=True`, so one run reports every problem of every row. Each check carries the name of the
quarantine rule it enforces (docs/architecture.md lists them). Cross-file references are checked
afterwards in SQL (`etl/cross_checks.py`), once every kind's own rows are known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.checks import (
    TextModel,
    date_in_range,
    filled,
    is_bool,
    is_date,
    is_int,
    is_number,
    one_of,
    unique_rows,
    within,
)
from etl.kinds import (
    MAX_EMPLOYEES,
    MAX_HOURLY_RATE_DKK,
    MAX_PARTICIPANTS,
    RATE_CAP_DKK,
    SPECS,
    YEAR_RANGE,
)
from etl.parse import parse_date, parse_month, split_codes_flat, valid_cvr
from etl.schemas_funding import Applications, Funding, Outcomes, Targets
from warehouse import reference as ref


class Organisations(TextModel):
    org_id: Series[str]
    name: Series[str]
    org_type: Series[str]
    cvr: Series[str]
    employees: Series[str]
    region: Series[str]
    country: Series[str]

    @pa.check("org_id", "name", "org_type", "country", name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return filled(s)

    @pa.check("org_type", name="enum")
    def _org_type(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.codes("org_type"))

    @pa.check("region", name="enum")
    def _region(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.codes("region"))

    @pa.check("country", name="enum")
    def _country(cls, s: Series[str]) -> Series[bool]:
        return (s == "") | s.str.fullmatch(r"[A-Z]{2}").fillna(False).astype(bool)

    @pa.check("employees", name="number_format")
    def _employees_int(cls, s: Series[str]) -> Series[bool]:
        return is_int(s)

    @pa.check("employees", name="range")
    def _employees_range(cls, s: Series[str]) -> Series[bool]:
        return within(s, 0, MAX_EMPLOYEES)

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
        return unique_rows(df, SPECS["organisations"].key)


class Activities(TextModel):
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
        return filled(s)

    @pa.check("activity_type", name="enum")
    def _type(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.codes("activity_type"))

    @pa.check("lead_cluster", name="enum")
    def _lead(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.codes("cluster"))

    @pa.check("partner_clusters", name="enum")
    def _partners(cls, s: Series[str]) -> Series[bool]:
        codes, rows = split_codes_flat(s)
        unknown = ~pd.Series(codes, dtype="str").isin(list(ref.codes("cluster"))).to_numpy()
        bad = np.zeros(len(s), dtype=bool)
        bad[rows[unknown]] = True
        return pd.Series(~bad, index=s.index)

    @pa.check("theme", name="enum")
    def _theme(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.codes("theme"))

    @pa.check("technology", name="enum")
    def _technology(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.codes("technology"))

    @pa.check("region", name="enum")
    def _region(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.codes("region"))

    @pa.check("country", name="enum")
    def _country(cls, s: Series[str]) -> Series[bool]:
        return (s == "") | s.str.fullmatch(r"[A-Z]{2}").fillna(False).astype(bool)

    @pa.check("status", name="enum")
    def _status(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.ACTIVITY_STATUSES)

    @pa.check("start_date", "end_date", name="date_format")
    def _dates(cls, s: Series[str]) -> Series[bool]:
        return is_date(s)

    @pa.check("start_date", "end_date", name="range")
    def _dates_range(cls, s: Series[str]) -> Series[bool]:
        return date_in_range(s)

    @pa.check("users_involved", name="boolean_format")
    def _users(cls, s: Series[str]) -> Series[bool]:
        return is_bool(s)

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
        return unique_rows(df, SPECS["activities"].key)


class Participations(TextModel):
    activity_id: Series[str]
    org_id: Series[str]
    participants: Series[str]
    role: Series[str]

    @pa.check("activity_id", "org_id", "participants", "role", name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return filled(s)

    @pa.check("participants", name="number_format")
    def _participants_int(cls, s: Series[str]) -> Series[bool]:
        return is_int(s)

    @pa.check("participants", name="range")
    def _participants_range(cls, s: Series[str]) -> Series[bool]:
        return within(s, 1, MAX_PARTICIPANTS)

    @pa.check("role", name="enum")
    def _role(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.PARTICIPATION_ROLES)

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return unique_rows(df, SPECS["participations"].key)


class Inkind(TextModel):
    entry_id: Series[str]
    org_id: Series[str]
    activity_id: Series[str]
    month: Series[str]
    hours: Series[str]
    hourly_rate_dkk: Series[str]
    documentation: Series[str]

    @pa.check(*SPECS["inkind"].required, name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return filled(s)

    @pa.check("month", name="date_format")
    def _month(cls, s: Series[str]) -> Series[bool]:
        return (s == "") | parse_month(s).notna()

    @pa.check("month", name="range")
    def _month_range(cls, s: Series[str]) -> Series[bool]:
        years = parse_month(s).dt.year
        return years.isna() | years.between(*YEAR_RANGE)

    @pa.check("hours", "hourly_rate_dkk", name="number_format")
    def _numbers(cls, s: Series[str]) -> Series[bool]:
        return is_number(s)

    @pa.check("hours", name="range")
    def _hours(cls, s: Series[str]) -> Series[bool]:
        return within(s, 0, 744, low_open=True)

    @pa.check("hourly_rate_dkk", name="range")
    def _rate_positive(cls, s: Series[str]) -> Series[bool]:
        return within(s, 0, MAX_HOURLY_RATE_DKK, low_open=True)

    @pa.check("hourly_rate_dkk", name="rate_cap")
    def _rate_cap(cls, s: Series[str]) -> Series[bool]:
        return within(s, None, RATE_CAP_DKK.get())

    @pa.check("documentation", name="enum")
    def _documentation(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.INKIND_DOCUMENTATION)

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return unique_rows(df, SPECS["inkind"].key)


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
