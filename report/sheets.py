"""The report's content as sheets of tables (report.model): one model that the workbook and the
CSV zip both write. This module builds the cover (Forside), the KPIs (Nøgletal), the notes
(Bemærkninger) and the data quality (Datakvalitet), and puts every sheet in order
(`build_sheets`); the long row sheets are in report.sheets_rows, the money sheets in
report.sheets_money.
"""

from __future__ import annotations

from datetime import date, datetime

from report.data import NATIONAL_SCOPE, UNIT_DA, ReportData
from report.model import MINISTRY, NETWORK, Chart, Column, Sheet, Table, date_da
from report.sheets_money import medfinansiering, oekonomi
from report.sheets_rows import aktiviteter, virksomheder
from report.values import kpi_value, plain_value, records_of, scope_text
from warehouse.reference import labels


def forside(data: ReportData) -> Sheet:
    """Forside: what the report is, for which period and as of when, and which data it rests on."""
    run = data.load_run
    first = date(data.year, 1, 1)
    last = min(date(data.year, 12, 31), data.as_of)
    clusters = ", ".join(labels("cluster").values())
    finished = run.get("finished_at")
    finished_text = finished.strftime("%Y-%m-%d %H:%M:%S") if finished is not None else ""
    facts = [
        ("Netværk", f"{NETWORK} ({clusters})"),
        ("Rapport til", MINISTRY),
        ("Rapportår", data.year),
        ("Periode", f"{date_da(date(data.year, 1, 1))} - {date_da(date(data.year, 12, 31))}"),
        ("Opgjort pr.", data.as_of),
        (
            "Talt periode",
            f"{date_da(first)} - {date_da(last)}" if first <= last else "ingen (før årets start)",
        ),
        ("Genereret", data.generated_at.isoformat(sep=" ")),
        ("Datagrundlag: indlæsning nr.", int(run["load_id"])),
        ("Indlæsning afsluttet", finished_text),
        ("Indlæst fra mappe", str(run.get("input_dir") or "")),
        ("Filer indlæst", int(run["files"])),
        ("Rækker læst", int(run["rows_read"])),
        ("Rækker indlæst", int(run["rows_loaded"])),
        ("Rækker i karantæne", int(run["rows_quarantined"])),
        ("Loft for timesats (kr.)", float(run["rate_cap_dkk"])),
        *([] if data.clusters is None else [("Rapportens rækker", scope_text(data))]),
        ("Talte aktiviteter", len(data.activities)),
        ("Deltagende virksomheder", len(data.companies)),
    ]
    facts += [("Bemærkning", note) for note in data.notes]
    fact_table = Table(
        name="Forside",
        columns=[Column("Felt", "field"), Column("Værdi", "value", "auto")],
        rows=[{"field": k, "value": v} for k, v in facts],
    )
    files = Table(
        name="Forside_filer",
        title=f"Indlæste filer (indlæsning nr. {int(run['load_id'])}) med SHA-256-kontrolsum",
        columns=[
            Column("Fil", "file_name"),
            Column("Filtype", "kind"),
            Column("Størrelse (bytes)", "size_bytes", "int"),
            Column("Rækker læst", "rows_read", "int"),
            Column("Rækker indlæst", "rows_loaded", "int"),
            Column("Rækker i karantæne", "rows_quarantined", "int"),
            Column("Status", "status"),
            Column("SHA-256", "sha256"),
        ],
        rows=records_of(
            data.load_files,
            [
                "file_name",
                "kind",
                "size_bytes",
                "rows_read",
                "rows_loaded",
                "rows_quarantined",
                "status",
                "sha256",
            ],
        ),
    )
    files.total = {
        "file_name": "I alt",
        **{
            k: sum(r[k] or 0 for r in files.rows)
            for k in ("size_bytes", "rows_read", "rows_loaded", "rows_quarantined")
        },
    }
    return Sheet(
        name="Forside",
        title=f"{NETWORK} - rapport for {data.year}",
        lines=[
            f"Resultater, medfinansiering og økonomi til {MINISTRY}.",
            "Arkene: Nøgletal, Aktiviteter, Virksomheder, Medfinansiering, Økonomi, Datakvalitet.",
        ],
        tables=[fact_table, files],
    )


def noegletal(data: ReportData) -> Sheet:
    """Nøgletal: every KPI, national first and then per cluster, as the KPI engine computes it."""
    cluster_names = labels("cluster")
    rows = []
    for _, r in data.kpis.iterrows():
        unit = r["unit"]
        achievement = plain_value(r["achievement_pct"])
        scope = r["scope"]
        rows.append(
            {
                "kpi_id": r["kpi_id"],
                "goal": f"{r['goal']} {r['goal_da']}",
                "name": r["name_da"],
                "scope": "Hele netværket" if scope == NATIONAL_SCOPE else scope,
                "scope_name": "" if scope == NATIONAL_SCOPE else cluster_names.get(scope, scope),
                "actual": kpi_value(plain_value(r["actual"]), unit),
                "target": kpi_value(plain_value(r["target"]), unit),
                "achievement": None if achievement is None else round(achievement / 100, 6),
                "status": r["status_da"],
                "unit": UNIT_DA.get(unit, unit),
                "_unit": unit,
            }
        )
    table = Table(
        name="Nøgletal",
        columns=[
            Column("KPI-id", "kpi_id"),
            Column("Indsatsområde", "goal"),
            Column("Nøgletal", "name"),
            Column("Omfang", "scope"),
            Column("Klyngens navn", "scope_name"),
            Column("Faktisk", "actual", "by_unit"),
            Column("Målværdi", "target", "by_unit"),
            Column("Målopfyldelse", "achievement", "pct"),
            Column("Status", "status"),
            Column("Enhed", "unit"),
        ],
        rows=rows,
        unit_key="_unit",
    )
    national = sum(1 for r in rows if r["scope"] == "Hele netværket")
    chart = Chart(
        table="Nøgletal",
        kind="bar",
        title=f"Målopfyldelse {data.year}, hele netværket",
        categories="name",
        values=("achievement",),
        first_rows=national,
        value_format="0%",
    )
    return Sheet(name="Nøgletal", tables=[table], charts=[chart])


def datakvalitet(data: ReportData) -> Sheet:
    """Datakvalitet: the rows the load put in quarantine, by file and rule."""
    rows = records_of(
        data.quarantine,
        ["source_file", "kind", "rule", "rule_da", "rows", "entries", "columns", "first_rows"],
    )
    table = Table(
        name="Datakvalitet",
        title="Rækker i karantæne pr. fil og regel ("
        + ("hele indlæsningen" if data.clusters is None else "filer med klyngens kode")
        + ", alle år)",
        columns=[
            Column("Fil", "source_file"),
            Column("Filtype", "kind"),
            Column("Regel", "rule"),
            Column("Forklaring", "rule_da"),
            Column("Rækker", "rows", "int"),
            Column("Fejl i alt", "entries", "int"),
            Column("Kolonner", "columns"),
            Column("Første rækkenumre", "first_rows"),
        ],
        rows=rows,
    )
    table.total = {
        "source_file": "I alt",
        "rows": sum(r["rows"] or 0 for r in rows),
        "entries": sum(r["entries"] or 0 for r in rows),
    }
    return Sheet(name="Datakvalitet", tables=[table])


def bemaerkninger(data: ReportData) -> Sheet:
    """Bemærkninger: the steering committee's notes on the year's KPIs, in catalogue order."""
    notes = data.kpi_notes
    order = {k: i for i, k in enumerate(dict.fromkeys(data.kpis["kpi_id"]))}
    names = dict(zip(data.kpis["kpi_id"], data.kpis["name_da"], strict=False))
    scope_rank = {NATIONAL_SCOPE: 0} | {c: i + 1 for i, c in enumerate(labels("cluster"))}
    cluster_names = labels("cluster")
    ordered = sorted(
        notes.itertuples(index=False),
        key=lambda n: (order.get(n.kpi_id, len(order)), scope_rank.get(n.scope, 99), n.note_id),
    )
    rows = [
        {
            "kpi_id": n.kpi_id,
            "name": names.get(n.kpi_id, n.kpi_id),
            "scope": "Hele netværket" if n.scope == NATIONAL_SCOPE else n.scope,
            "scope_name": cluster_names.get(n.scope, ""),
            "text": n.text,
            "action": n.action,
            "owner": n.owner,
            "due": date.fromisoformat(n.due) if n.due else None,
            "author": n.edited_by,
            "date": datetime.fromisoformat(n.edited_at).date(),  # UTC, as stored
            "note_id": n.note_id,
            "version": n.version,
        }
        for n in ordered
    ]
    table = Table(
        name="bemærkninger",
        title="Styregruppens bemærkninger og handlinger til nøgletallene",
        columns=[
            Column("KPI-id", "kpi_id"),
            Column("Nøgletal", "name"),
            Column("Omfang", "scope"),
            Column("Klyngens navn", "scope_name"),
            Column("Bemærkning", "text"),
            Column("Handling", "action"),
            Column("Ansvarlig", "owner"),
            Column("Frist", "due", "date"),
            Column("Skrevet af", "author"),
            Column("Dato", "date", "date"),
            Column("Bemærkning nr.", "note_id", "int"),
            Column("Version", "version", "int"),
        ],
        rows=rows,
    )
    return Sheet(name="Bemærkninger", tables=[table])


def build_sheets(data: ReportData) -> list[Sheet]:
    """Return the report's sheets in order.

    Every sheet but the cover gets a title line naming its first table, the year and the as-of
    date, so a printed or copied sheet still says what it shows.
    """
    sheets = [
        forside(data),
        noegletal(data),
        bemaerkninger(data),
        aktiviteter(data),
        virksomheder(data),
        medfinansiering(data),
        oekonomi(data),
        datakvalitet(data),
    ]
    for sheet in sheets[1:]:
        what = sheet.tables[0].title or sheet.name
        sheet.title = f"{what} - {data.year}, opgjort pr. {date_da(data.as_of)}"
    return sheets
