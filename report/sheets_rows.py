"""The long row sheets: Aktiviteter (the counted activities) and Virksomheder (the companies that
took part in them), built a column at a time (100,000s of rows at scale).
"""

from __future__ import annotations

from report.data import ReportData
from report.model import Column, Sheet, Table
from report.values import column_lists, yes_no


def aktiviteter(data: ReportData) -> Sheet:
    """Aktiviteter: the counted activities of the year."""
    frame = data.activities
    columns = column_lists(frame, list(frame.columns))
    columns["users_involved"] = [yes_no(v) for v in columns["users_involved"]]
    table = Table(
        name="Aktiviteter",
        columns=[
            Column("Aktivitets-id", "activity_id"),
            Column("Titel", "title"),
            Column("Type", "activity_type"),
            Column("Ledende klynge", "lead_cluster"),
            Column("Partnerklynger", "partner_clusters"),
            Column("Tema", "theme"),
            Column("Teknologi", "technology"),
            Column("Startdato", "start_date", "date"),
            Column("Slutdato", "end_date", "date"),
            Column("Værtsregion", "region"),
            Column("Land", "country"),
            Column("Brugerinddragelse", "users_involved"),
            Column("Deltagende organisationer", "organisations", "int"),
            Column("Heraf virksomheder", "companies", "int"),
            Column("Deltagere", "participants", "int"),
            Column("Kildefil", "source_file"),
            Column("Kilderække", "source_row", "int"),
        ],
        data=columns,
    )
    table.total = {
        "activity_id": "I alt",
        **{
            k: sum(v or 0 for v in columns[k])
            for k in ("organisations", "companies", "participants")
        },
    }
    return Sheet(name="Aktiviteter", tables=[table])


def virksomheder(data: ReportData) -> Sheet:
    """Virksomheder: the companies that took part in counted activities."""
    frame = data.companies
    columns = column_lists(frame, list(frame.columns))
    columns["is_sme"] = [yes_no(v) for v in columns["is_sme"]]
    table = Table(
        name="Virksomheder",
        columns=[
            Column("CVR", "cvr"),
            Column("Navn", "name"),
            Column("Størrelse", "size_class"),
            Column("Ansatte", "employees", "int"),
            Column("SMV", "is_sme"),
            Column("Region", "region"),
            Column("Land", "country"),
            Column("Antal aktiviteter", "activities", "int"),
            Column("Klynger mødt", "clusters"),
            Column("Organisations-id", "org_id"),
        ],
        data=columns,
    )
    return Sheet(name="Virksomheder", tables=[table])
