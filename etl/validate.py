"""Validate the files of each kind: Pandera rules per row, then references across kinds.

Input: the RawTables read from one folder. Output: for each kind, the rows that passed (still as
text, with `_file` and `_row`), and the quarantine: one record per broken rule per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from etl.parse import canonical_numbers
from etl.read import OVERFLOW_COLUMN, RawTable
from etl.schemas import MODELS, RATE_CAP_DKK, ROW_CHECK_COLUMNS, RULE_MESSAGES, SPECS, kpi_ids
from warehouse import reference as ref

# Validation order: what others point at comes first, so references can see its outcome.
KIND_ORDER = (
    "organisations",
    "activities",
    "participations",
    "inkind",
    "applications",
    "outcomes",
    "funding",
    "targets",
)
# (kind, column) -> (kind pointed at, its key column)
REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("participations", "activity_id"): ("activities", "activity_id"),
    ("participations", "org_id"): ("organisations", "org_id"),
    ("inkind", "org_id"): ("organisations", "org_id"),
    ("inkind", "activity_id"): ("activities", "activity_id"),
    ("applications", "activity_id"): ("activities", "activity_id"),
    ("applications", "lead_org_id"): ("organisations", "org_id"),
    ("outcomes", "org_id"): ("organisations", "org_id"),
}
RANGE_TEXT: dict[tuple[str, str], str] = {
    ("organisations", "employees"): "must be 0 to 10,000,000",
    ("participations", "participants"): "must be 1 to 100,000",
    ("inkind", "hours"): "must be more than 0 and at most 744 (the hours of a month)",
    ("inkind", "hourly_rate_dkk"): "must be more than 0 and at most 1,000,000",
    ("inkind", "month"): "the year must be between 2000 and 2100",
    ("funding", "quarter"): "must be 1, 2, 3 or 4",
    ("funding", "year"): "must be between 2000 and 2100",
    ("funding", "amount_dkk"): "must be 0 to 1,000,000,000,000",
    ("applications", "amount_applied_dkk"): "must be 0 to 1,000,000,000,000",
    ("applications", "amount_granted_dkk"): "must be 0 to 1,000,000,000,000",
    ("applications", "submitted_date"): "the year must be between 2000 and 2100",
    ("activities", "start_date"): "the year must be between 2000 and 2100",
    ("activities", "end_date"): "the year must be between 2000 and 2100",
    ("outcomes", "year"): "must be between 2000 and 2100",
    ("targets", "year"): "must be between 2000 and 2100",
    ("targets", "target"): "must be 0 to 1,000,000,000,000",
}
# Per row of the combined frame: the row as sent when it was written with the other delimiter.
OTHER_DELIMITER = "_other_delimiter"
QUARANTINE_COLUMNS = [
    "source_file",
    "kind",
    "row_number",
    "column_name",
    "rule",
    "original_value",
    "message",
]


def _allowed_codes(kind: str, column: str) -> tuple[str, ...]:
    by_column = {
        "org_type": ref.codes("org_type"),
        "region": ref.codes("region"),
        "activity_type": ref.codes("activity_type"),
        "lead_cluster": ref.codes("cluster"),
        "partner_clusters": ref.codes("cluster"),
        "cluster": ref.codes("cluster"),
        "theme": ref.codes("theme"),
        "technology": ref.codes("technology"),
        "role": ref.PARTICIPATION_ROLES,
        "documentation": ref.INKIND_DOCUMENTATION,
        "source": ref.FUNDING_SOURCES,
        "flow": ref.FUNDING_FLOWS,
        "category": ref.FUNDING_CATEGORIES,
        "fund": ref.APPLICATION_FUNDS,
        "scope": (ref.TARGET_SCOPE_ALL, *ref.codes("cluster")),
    }
    if column == "status":
        return ref.ACTIVITY_STATUSES if kind == "activities" else ref.APPLICATION_STATUSES
    return tuple(by_column.get(column, ()))


def rule_message(kind: str, column: str | None, rule: str) -> str:
    """Return the human-readable message of a broken rule in a column of a kind of file."""
    base = RULE_MESSAGES.get(rule, rule)
    if rule == "enum" and column:
        allowed = _allowed_codes(kind, column)
        if allowed:
            return f"{base}: {', '.join(allowed)}"
        if column == "country":
            return f"{base}: a two-letter ISO 3166 country code in capitals, e.g. DK"
    if rule == "range" and column and (kind, column) in RANGE_TEXT:
        return f"{base}: {RANGE_TEXT[(kind, column)]}"
    if rule == "rate_cap":
        return f"{base} of DKK {RATE_CAP_DKK.get():,.0f} (it is kept aside, never capped)"
    if rule == "unknown_kpi":
        return f"{base} ({', '.join(sorted(kpi_ids()))})"
    return base


@dataclass
class KindResult:
    """The outcome of one kind: its valid rows and per-file counts."""

    kind: str
    valid: pd.DataFrame  # text columns of SPECS[kind] plus _file and _row
    rows_read: dict[str, int] = field(default_factory=dict)
    quarantined_rows: dict[str, int] = field(default_factory=dict)


def combine(tables: list[RawTable]) -> pd.DataFrame:
    """Stack the files of one kind into one text frame with `_file` and `_row` columns."""
    kind = tables[0].kind
    spec = SPECS[kind]
    frames = []
    for table in tables:
        frame = table.frame
        out = pd.DataFrame(index=range(len(frame)))
        for column in spec.columns:
            values = frame[column] if column in frame else pd.Series([""] * len(frame))
            values = pd.Series(values.to_numpy(), dtype="str")
            if column in spec.numbers:
                values = canonical_numbers(values, table.decimal_comma)
            if column == "country":
                values = values.str.upper()
                if kind == "activities":
                    values = values.where(values != "", "DK")
            out[column] = values
        out[OVERFLOW_COLUMN] = pd.Series(frame[OVERFLOW_COLUMN].to_numpy(), dtype="str")
        other = table.other_delimiter
        out[OTHER_DELIMITER] = pd.Series(
            [""] * len(frame) if other is None else other.reindex(frame.index).to_numpy(),
            dtype="str",
        ).fillna("")
        out["_file"] = table.file_name
        out["_row"] = frame.index.to_numpy(dtype="int64")
        frames.append(out)
    combined = pd.concat(frames, ignore_index=True)
    return combined


def _originals(tables: list[RawTable]) -> pd.DataFrame:
    """The cells as sent (before numbers were rewritten), aligned with `combine`'s index."""
    frames = [t.frame.reset_index(drop=True) for t in tables]
    return pd.concat(frames, ignore_index=True)


def pandera_failures(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate one kind's frame with its Pandera model; return (index, column, rule) failures."""
    model = MODELS[kind]
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases[cases["index"].notna()]
        row_checks = ROW_CHECK_COLUMNS.get(kind, {})
        column = cases["column"].astype("object")
        whole_row = cases["schema_context"] == "DataFrameSchema"
        column = column.where(~whole_row, cases["check"].map(row_checks))
        failures = pd.DataFrame(
            {
                "index": cases["index"].astype("int64"),
                "column_name": column,
                "rule": cases["check"].astype("str"),
            }
        ).drop_duplicates()
        unexpected = failures[~failures["rule"].isin(RULE_MESSAGES)]
        if not unexpected.empty:
            # A schema-level failure that is not one of our rules (e.g. a dtype problem) is a bug
            # in the reader, not in the data: stop rather than quarantine rows for it.
            raise RuntimeError(
                f"unexpected validation failure in {kind}: {unexpected.head(3)}"
            ) from errors
        return failures
    return pd.DataFrame({"index": [], "column_name": [], "rule": []})


def _overflow_failures(frame: pd.DataFrame) -> pd.DataFrame:
    bad = frame.index[frame[OVERFLOW_COLUMN] != ""]
    return pd.DataFrame({"index": bad, "column_name": OVERFLOW_COLUMN, "rule": "field_count"})


def _other_delimiter_failures(frame: pd.DataFrame, failures: pd.DataFrame) -> pd.DataFrame:
    """Replace every failure of a row written with the other delimiter by one `field_count`.

    Such a row's cells cannot be told apart, so its other failures (a long first cell, empty
    required cells) say nothing; one record with the row as sent says what to fix.
    """
    bad = frame.index[frame[OTHER_DELIMITER] != ""]
    if bad.empty:
        return failures
    kept = failures[~failures["index"].isin(bad)]
    whole = pd.DataFrame({"index": bad, "column_name": None, "rule": "field_count"})
    return pd.concat([kept, whole], ignore_index=True)


def validate_all(tables: list[RawTable]) -> tuple[dict[str, KindResult], pd.DataFrame]:
    """Validate every table; return the per-kind results and the quarantine records."""
    by_kind: dict[str, list[RawTable]] = {}
    for table in sorted(tables, key=lambda t: t.file_name):
        by_kind.setdefault(table.kind, []).append(table)

    results: dict[str, KindResult] = {}
    records: list[pd.DataFrame] = []
    keys_loaded: dict[str, set[str]] = {}
    keys_quarantined: dict[str, set[str]] = {}
    for kind in KIND_ORDER:
        tables_of_kind = by_kind.get(kind, [])
        if not tables_of_kind:
            empty = pd.DataFrame({c: pd.Series([], dtype="str") for c in SPECS[kind].columns})
            empty["_file"] = pd.Series([], dtype="str")
            empty["_row"] = pd.Series([], dtype="int64")
            results[kind] = KindResult(kind, empty)
            keys_loaded[kind], keys_quarantined[kind] = set(), set()
            continue
        frame = combine(tables_of_kind)
        originals = _originals(tables_of_kind)
        failures = pd.concat(
            [pandera_failures(kind, frame), _overflow_failures(frame)], ignore_index=True
        )
        failures = pd.concat(
            [failures, _reference_failures(kind, frame, failures, keys_loaded, keys_quarantined)],
            ignore_index=True,
        )
        failures = _other_delimiter_failures(frame, failures)
        bad_index = pd.Index(failures["index"].unique())
        valid = frame.drop(index=bad_index)
        records.append(_quarantine_records(kind, frame, originals, failures))

        key = SPECS[kind].key
        if len(key) == 1:
            keys_loaded[kind] = set(valid[key[0]])
            keys_quarantined[kind] = set(frame.loc[bad_index, key[0]]) - keys_loaded[kind]
        bad_files = frame.loc[bad_index, "_file"].value_counts().to_dict()
        results[kind] = KindResult(
            kind,
            valid.drop(columns=[OVERFLOW_COLUMN, OTHER_DELIMITER]),
            rows_read=frame["_file"].value_counts().to_dict(),
            quarantined_rows={k: int(v) for k, v in bad_files.items()},
        )
    quarantine = (
        pd.concat(records, ignore_index=True)
        if records
        else pd.DataFrame(columns=QUARANTINE_COLUMNS)
    )
    return results, quarantine


def _reference_failures(
    kind: str,
    frame: pd.DataFrame,
    failures: pd.DataFrame,
    keys_loaded: dict[str, set[str]],
    keys_quarantined: dict[str, set[str]],
) -> pd.DataFrame:
    """Return failures of rows that point at unknown or quarantined organisations/activities."""
    out = []
    for (source_kind, column), (target_kind, _) in REFERENCES.items():
        if source_kind != kind:
            continue
        values = frame[column]
        filled = values != ""
        loaded = values.isin(list(keys_loaded.get(target_kind, set())))
        quarantined = values.isin(list(keys_quarantined.get(target_kind, set())))
        unknown = frame.index[filled & ~loaded & ~quarantined]
        pointing_at_bad = frame.index[filled & quarantined]
        out.append(pd.DataFrame({"index": unknown, "column_name": column, "rule": "reference"}))
        out.append(
            pd.DataFrame(
                {"index": pointing_at_bad, "column_name": column, "rule": "reference_quarantined"}
            )
        )
    if not out:
        return pd.DataFrame({"index": [], "column_name": [], "rule": []})
    return pd.concat(out, ignore_index=True)


def _quarantine_records(
    kind: str, frame: pd.DataFrame, originals: pd.DataFrame, failures: pd.DataFrame
) -> pd.DataFrame:
    """Turn (index, column, rule) failures into quarantine records with original values."""
    if failures.empty:
        return pd.DataFrame(columns=QUARANTINE_COLUMNS)
    failures = failures.sort_values(["index", "column_name", "rule"], na_position="last")
    index = failures["index"].astype("int64").to_numpy()
    columns = failures["column_name"].tolist()
    key = SPECS[kind].key
    values = []
    for n, (i, column, rule) in enumerate(zip(index, columns, failures["rule"], strict=True)):
        if rule == "unique" and len(key) > 1:
            # a compound key is shown whole: "A1 / O7" for (activity_id, org_id)
            columns[n] = "+".join(key)
            values.append(" / ".join(str(originals.at[i, k]) for k in key))
        elif rule == "field_count" and not isinstance(column, str):
            values.append(frame.at[i, OTHER_DELIMITER])
        elif isinstance(column, str) and column in originals.columns:
            values.append(originals.at[i, column])
        else:
            values.append(None)
    messages = [
        _message(kind, c, r, v, frame, i)
        for i, c, r, v in zip(index, columns, failures["rule"], values, strict=True)
    ]
    return pd.DataFrame(
        {
            "source_file": frame.loc[index, "_file"].to_numpy(),
            "kind": kind,
            "row_number": frame.loc[index, "_row"].to_numpy(dtype="int64"),
            "column_name": columns,
            "rule": failures["rule"].to_numpy(),
            "original_value": values,
            "message": messages,
        }
    )


def _message(kind: str, column, rule: str, value, frame: pd.DataFrame, index: int) -> str:
    text = rule_message(kind, column if isinstance(column, str) else None, rule)
    if rule == "field_count" and not isinstance(column, str) and isinstance(value, str):
        other = ";" if value.count(";") >= value.count(",") else ","
        mine = "," if other == ";" else ";"
        return (
            f"the row is separated by '{other}' but its file (and header) by '{mine}', so its "
            "cells cannot be told apart; write the row with the file's delimiter"
        )
    if rule == "unique":
        key = SPECS[kind].key
        same = (frame[list(key)] == frame.loc[index, list(key)]).all(axis=1)
        first = frame.index[same][0]
        text += f"; first used in {frame.at[first, '_file']} row {frame.at[first, '_row']}"
    if rule in ("reference", "reference_quarantined") and isinstance(column, str):
        target = REFERENCES[(kind, column)][0]
        text += f" ({target} has no loaded row with {column} '{value}')"
    return text
