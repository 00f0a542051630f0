"""Pandera models of the funding, application, outcome and target files (see `etl/schemas.py`)."""

from __future__ import annotations

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
from etl.kinds import MAX_AMOUNT_DKK, MAX_TARGET, SPECS, YEAR_RANGE, kpi_ids
from etl.parse import parse_number
from warehouse import reference as ref


class Funding(TextModel):
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
        return filled(s)

    @pa.check("year", "quarter", name="number_format")
    def _ints(cls, s: Series[str]) -> Series[bool]:
        return is_int(s)

    @pa.check("amount_dkk", name="number_format")
    def _amount(cls, s: Series[str]) -> Series[bool]:
        return is_number(s)

    @pa.check("year", name="range")
    def _year(cls, s: Series[str]) -> Series[bool]:
        return within(s, *YEAR_RANGE)

    @pa.check("quarter", name="range")
    def _quarter(cls, s: Series[str]) -> Series[bool]:
        return within(s, 1, 4)

    @pa.check("amount_dkk", name="range")
    def _amount_range(cls, s: Series[str]) -> Series[bool]:
        return within(s, 0, MAX_AMOUNT_DKK)

    @pa.check("source", name="enum")
    def _source(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.FUNDING_SOURCES)

    @pa.check("flow", name="enum")
    def _flow(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.FUNDING_FLOWS)

    @pa.check("cluster", name="enum")
    def _cluster(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.codes("cluster"))

    @pa.check("region", name="enum")
    def _region(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.codes("region"))

    @pa.check("category", name="enum")
    def _category(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.FUNDING_CATEGORIES)

    @pa.dataframe_check(name="region_for_source")
    def _region_for_source(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["source"] != "region") | (df["region"] != "")

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return unique_rows(df, SPECS["funding"].key)


class Applications(TextModel):
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
        return filled(s)

    @pa.check("fund", name="enum")
    def _fund(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.APPLICATION_FUNDS)

    @pa.check("status", name="enum")
    def _status(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, ref.APPLICATION_STATUSES)

    @pa.check("submitted_date", name="date_format")
    def _date(cls, s: Series[str]) -> Series[bool]:
        return is_date(s)

    @pa.check("submitted_date", name="range")
    def _date_range(cls, s: Series[str]) -> Series[bool]:
        return date_in_range(s)

    @pa.check("amount_applied_dkk", "amount_granted_dkk", name="number_format")
    def _amounts(cls, s: Series[str]) -> Series[bool]:
        return is_number(s)

    @pa.check("amount_applied_dkk", "amount_granted_dkk", name="range")
    def _amounts_range(cls, s: Series[str]) -> Series[bool]:
        return within(s, 0, MAX_AMOUNT_DKK)

    @pa.dataframe_check(name="granted_amount")
    def _granted(cls, df: pd.DataFrame) -> Series[bool]:
        amount = parse_number(df["amount_granted_dkk"])
        granted = df["status"] == "granted"
        unreadable = (df["amount_granted_dkk"] != "") & amount.isna()  # number_format says so
        return unreadable | (granted & (amount > 0)) | (~granted & (amount.isna() | (amount == 0)))

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return unique_rows(df, SPECS["applications"].key)


class Outcomes(TextModel):
    org_id: Series[str]
    year: Series[str]
    new_knowledge: Series[str]
    new_product: Series[str]
    new_collaboration: Series[str]

    @pa.check(*SPECS["outcomes"].required, name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return filled(s)

    @pa.check("year", name="number_format")
    def _year_int(cls, s: Series[str]) -> Series[bool]:
        return is_int(s)

    @pa.check("year", name="range")
    def _year(cls, s: Series[str]) -> Series[bool]:
        return within(s, *YEAR_RANGE)

    @pa.check("new_knowledge", "new_product", "new_collaboration", name="boolean_format")
    def _bools(cls, s: Series[str]) -> Series[bool]:
        return is_bool(s)

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return unique_rows(df, SPECS["outcomes"].key)


class Targets(TextModel):
    kpi_id: Series[str]
    year: Series[str]
    scope: Series[str]
    target: Series[str]

    @pa.check("kpi_id", "year", "scope", "target", name="required")
    def _required(cls, s: Series[str]) -> Series[bool]:
        return filled(s)

    @pa.check("kpi_id", name="unknown_kpi")
    def _kpi(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, kpi_ids())

    @pa.check("year", name="number_format")
    def _year_int(cls, s: Series[str]) -> Series[bool]:
        return is_int(s)

    @pa.check("year", name="range")
    def _year(cls, s: Series[str]) -> Series[bool]:
        return within(s, *YEAR_RANGE)

    @pa.check("target", name="number_format")
    def _target_number(cls, s: Series[str]) -> Series[bool]:
        return is_number(s)

    @pa.check("target", name="range")
    def _target_range(cls, s: Series[str]) -> Series[bool]:
        return within(s, 0, MAX_TARGET)

    @pa.check("scope", name="enum")
    def _scope(cls, s: Series[str]) -> Series[bool]:
        return one_of(s, (ref.TARGET_SCOPE_ALL, *ref.codes("cluster")))

    @pa.dataframe_check(name="unique")
    def _unique_key(cls, df: pd.DataFrame) -> Series[bool]:
        return unique_rows(df, SPECS["targets"].key)
