"""The rows of the sample that break a rule on purpose (docs/sample-data.md), and how."""

from __future__ import annotations

import numpy as np
import pandas as pd

# The rows that a load of the sample must quarantine (docs/sample-data.md). Row numbers as a
# spreadsheet shows them: header row 1, first data row 2. The same five rows are in the first
# block of rows at every scale (replica 0), and nothing else in the files breaks a rule.
DELIBERATE_DEFECTS: list[dict] = [
    {"file": "organisations.csv", "row": 252, "column": "cvr", "rule": "cvr_checksum"},
    {
        "file": "inkind_LSI_2019-2020.csv",
        "row": 42,
        "column": "hourly_rate_dkk",
        "rule": "rate_cap",
    },
    {
        "file": "participations_MTIC_2019-2020.csv",
        "row": 152,
        "column": "activity_id",
        "rule": "reference",
    },
    {"file": "inkind_CHC_2019-2020.csv", "row": 92, "column": "entry_id", "rule": "unique"},
    {"file": "applications.csv", "row": 32, "column": "submitted_date", "rule": "date_format"},
]
# Index (0-based data row) of each defect inside replica 0's rows of its file.
DORMANT_INDEX = 250
_RATE_CAP_INDEX = 40
_UNKNOWN_ACTIVITY_INDEX = 150
_DUPLICATE_ENTRY_INDEX = 90
_DUPLICATE_OF_INDEX = 20
_BAD_DATE_INDEX = 30
_BAD_DATE = "2020-02-31"  # written as 31-02-2020 in the DD-MM-YYYY file
_UNKNOWN_ACTIVITY = "MTIC-2019-999"
_DEFECT_RATE = 650.0


def _insert_row(frame: pd.DataFrame, index: int, row: dict) -> pd.DataFrame:
    """Return the frame with `row` inserted before position `index`."""
    new = pd.DataFrame([row], columns=frame.columns)
    return pd.concat([frame.iloc[:index], new, frame.iloc[index:]], ignore_index=True)


def cluster_rows(frame: pd.DataFrame, cluster: str) -> pd.DataFrame:
    """Return the rows of one lead cluster, renumbered from 0."""
    return frame[frame["lead_cluster"] == cluster].reset_index(drop=True)


def inject_defects(tables: dict[str, pd.DataFrame]) -> None:
    """Add the rows of DELIBERATE_DEFECTS (the dormant company's CVR is set in make_orgs)."""
    ink = tables["inkind"]
    parts = tables["participations"]
    # rate above the cap: one more LSI in-kind row
    lsi = cluster_rows(ink, "LSI")
    row = lsi.iloc[_RATE_CAP_INDEX].to_dict()
    row.update(entry_id=f"IK-LSI-{len(lsi) + 1:05d}", hourly_rate_dkk=_DEFECT_RATE, hours=12.0)
    lsi = _insert_row(lsi, _RATE_CAP_INDEX, row)
    # a reused entry_id: one more CHC row, otherwise valid
    chc = cluster_rows(ink, "CHC")
    row = chc.iloc[_DUPLICATE_ENTRY_INDEX].to_dict()
    row.update(entry_id=chc.loc[_DUPLICATE_OF_INDEX, "entry_id"], hours=3.5)
    chc = _insert_row(chc, _DUPLICATE_ENTRY_INDEX, row)
    others = [cluster_rows(ink, c) for c in ("MTIC", "WT")]
    tables["inkind"] = pd.concat([lsi, others[0], others[1], chc], ignore_index=True)
    # a participation in an activity that does not exist
    mtic = cluster_rows(parts, "MTIC")
    row = mtic.iloc[_UNKNOWN_ACTIVITY_INDEX].to_dict()
    row.update(activity_id=_UNKNOWN_ACTIVITY, participants=2, role="participant")
    mtic = _insert_row(mtic, _UNKNOWN_ACTIVITY_INDEX, row)
    rest = [cluster_rows(parts, c) for c in ("LSI", "WT", "CHC")]
    tables["participations"] = pd.concat([mtic, *rest], ignore_index=True)
    # an application dated 31 February
    apps = tables["applications"]
    row = apps.iloc[_BAD_DATE_INDEX].to_dict()
    row.update(
        application_id=f"APP-{len(apps) + 1:04d}",
        submitted_date=_BAD_DATE,
        status="submitted",
        amount_granted_dkk=np.nan,
    )
    tables["applications"] = _insert_row(apps, _BAD_DATE_INDEX, row)
