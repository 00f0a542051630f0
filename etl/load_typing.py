"""From validated text to typed values: the per-kind typing of a frame and the SQL casts
that fill the final tables from the staged rows."""

from __future__ import annotations

import pandas as pd

from etl.parse import parse_bool, parse_date, parse_int, parse_month, parse_number


def typed_frame(kind: str, v: pd.DataFrame) -> pd.DataFrame:
    """Convert valid text rows of one kind into the typed columns staged for its table.

    Optional text stays "" here (FINAL_SELECT turns it into NULL); dates are timestamps and
    whole numbers floats, cast to the warehouse's DATE and INTEGER types by FINAL_SELECT.
    """
    if kind == "organisations":
        employees = parse_int(v["employees"])
        out = {
            "org_id": v["org_id"],
            "name": v["name"],
            "org_type": v["org_type"],
            "cvr": v["cvr"],
            "employees": employees,
            "region": v["region"],
            "country": v["country"],
            "is_sme": (v["org_type"] == "company") & employees.notna() & (employees < 250),
        }
    elif kind == "activities":
        out = {
            "activity_id": v["activity_id"],
            "title": v["title"],
            "activity_type": v["activity_type"],
            "lead_cluster": v["lead_cluster"],
            "theme": v["theme"],
            "technology": v["technology"],
            "start_date": parse_date(v["start_date"]),
            "end_date": parse_date(v["end_date"]),
            "region": v["region"],
            "country": v["country"],
            "status": v["status"],
            "users_involved": parse_bool(v["users_involved"]).astype(bool),
            "partner_clusters": v["partner_clusters"],
        }
    elif kind == "participations":
        out = {
            "activity_id": v["activity_id"],
            "org_id": v["org_id"],
            "participants": parse_int(v["participants"]),
            "role": v["role"],
        }
    elif kind == "inkind":
        out = {
            "entry_id": v["entry_id"],
            "org_id": v["org_id"],
            "activity_id": v["activity_id"],
            "month": parse_month(v["month"]),
            "hours": parse_number(v["hours"]).round(2),
            "hourly_rate_dkk": parse_number(v["hourly_rate_dkk"]).round(2),
            "documentation": v["documentation"],
        }
    elif kind == "funding":
        year = parse_int(v["year"]).astype("int64")
        quarter = parse_int(v["quarter"]).astype("int64")
        out = {
            "funding_id": v["funding_id"],
            "year": year,
            "quarter": quarter,
            "period_start": pd.to_datetime(
                pd.DataFrame({"year": year, "month": (quarter - 1) * 3 + 1, "day": 1})
            ),
            "source": v["source"],
            "flow": v["flow"],
            "cluster": v["cluster"],
            "region": v["region"],
            "category": v["category"],
            "amount_dkk": parse_number(v["amount_dkk"]).round(2),
        }
    elif kind == "applications":
        out = {
            "application_id": v["application_id"],
            "activity_id": v["activity_id"],
            "lead_org_id": v["lead_org_id"],
            "fund": v["fund"],
            "submitted_date": parse_date(v["submitted_date"]),
            "amount_applied_dkk": parse_number(v["amount_applied_dkk"]).round(2),
            "status": v["status"],
            "amount_granted_dkk": parse_number(v["amount_granted_dkk"]).round(2),
        }
    elif kind == "outcomes":
        out = {
            "org_id": v["org_id"],
            "year": parse_int(v["year"]).astype("int64"),
            "new_knowledge": parse_bool(v["new_knowledge"]).astype(bool),
            "new_product": parse_bool(v["new_product"]).astype(bool),
            "new_collaboration": parse_bool(v["new_collaboration"]).astype(bool),
        }
    elif kind == "targets":
        out = {
            "kpi_id": v["kpi_id"],
            "year": parse_int(v["year"]).astype("int64"),
            "scope": v["scope"],
            "target": parse_number(v["target"]),
        }
    else:
        raise ValueError(kind)
    frame = pd.DataFrame(out, index=v.index)
    # the file's name is added from `staged_files` when the final tables are filled
    frame["source_row"] = v["_row"]
    return frame.reset_index(drop=True)


# Per warehouse table: its columns and how each is selected from the staged typed rows.
FINAL_SELECT: dict[str, dict[str, str]] = {
    "organisations": {
        "cvr": "NULLIF(cvr, '')",
        "employees": "CAST(employees AS INTEGER)",
        "region": "NULLIF(region, '')",
    },
    "activities": {
        "technology": "NULLIF(technology, '')",
        "start_date": "CAST(start_date AS DATE)",
        "end_date": "CAST(end_date AS DATE)",
        "region": "NULLIF(region, '')",
    },
    "participations": {"participants": "CAST(participants AS INTEGER)"},
    "inkind": {
        "month": "CAST(month AS DATE)",
        "hours": "CAST(hours AS DECIMAL(10, 2))",
        "hourly_rate_dkk": "CAST(hourly_rate_dkk AS DECIMAL(12, 2))",
        "value_dkk": "CAST(hours AS DECIMAL(10, 2)) * CAST(hourly_rate_dkk AS DECIMAL(12, 2))",
    },
    "funding": {"period_start": "CAST(period_start AS DATE)", "region": "NULLIF(region, '')"},
    "applications": {"submitted_date": "CAST(submitted_date AS DATE)"},
    "outcomes": {},
    "targets": {},
}
