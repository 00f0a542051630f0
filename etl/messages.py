"""The words of the quarantine: what each broken rule means, in a column of a kind of file."""

from __future__ import annotations

from etl.kinds import INT_COLUMNS, RATE_CAP_DKK, kpi_ids
from etl.names import show, visible
from warehouse import reference as ref
from warehouse.vocabulary import RULE_EXPLAINED, words

#: Quarantine rule -> the load's message (the vocabulary's, warehouse/vocabulary.py).
RULE_MESSAGES: dict[str, str] = words(RULE_EXPLAINED, "en")
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
    if rule == "number_format" and column:
        if (kind, column) in INT_COLUMNS:
            return "not a whole number (digits 0-9 only, e.g. 12)"
        return (
            "not a number (digits 0-9 with a decimal point, e.g. 7.5, or in a ';' file a decimal "
            "comma, e.g. 7,5 or 1.234,50)"
        )
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


def value_message(kind: str, column: object, rule: str, value: object) -> str:
    """The record's message: the rule's, and what is odd about the value if it hides it."""
    text = rule_message(kind, column if isinstance(column, str) else None, rule)
    if isinstance(value, str) and value and visible(value[:200]) != value[:200]:
        text += f" (the value holds invisible or look-alike characters: '{show(value)}')"
    return text
