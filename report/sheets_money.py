"""The money sheets: Medfinansiering (in-kind by organisation, regional co-financing, the
co-financing ratio) and Økonomi (the ministry grant by cluster, category and quarter).
"""

from __future__ import annotations

from report.data import ReportData
from report.model import Chart, Column, Sheet, Table
from report.values import column_lists, records_of, scope_text


def medfinansiering(data: ReportData) -> Sheet:
    """Medfinansiering: in-kind by organisation, regional co-financing by region, and the ratio."""
    inkind_columns = column_lists(
        data.inkind,
        [
            "org_id",
            "name",
            "org_type_label",
            "cvr",
            "documentation_da",
            "entries",
            "hours",
            "value_dkk",
        ],
    )
    inkind = Table(
        name="Medfinansiering",
        title="In-kind (timer × timesats) pr. organisation og dokumentationsform",
        columns=[
            Column("Organisations-id", "org_id"),
            Column("Organisation", "name"),
            Column("Organisationstype", "org_type_label"),
            Column("CVR", "cvr"),
            Column("Dokumentation", "documentation_da"),
            Column("Registreringer", "entries", "int"),
            Column("Timer", "hours", "hours"),
            Column("Værdi (kr.)", "value_dkk", "dkk"),
        ],
        data=inkind_columns,
    )
    inkind.total = {
        "org_id": "I alt",
        "entries": sum(v or 0 for v in inkind_columns["entries"]),
        "hours": round(sum(v or 0 for v in inkind_columns["hours"]), 2),
        "value_dkk": round(sum(v or 0 for v in inkind_columns["value_dkk"]), 2),
    }
    region_rows = records_of(data.regions, ["region_label", "allocated_dkk", "spent_dkk"])
    regions = Table(
        name="Medfinansiering_regioner",
        title="Regional medfinansiering pr. region",
        columns=[
            Column("Region", "region_label"),
            Column("Tildelt (kr.)", "allocated_dkk", "dkk"),
            Column("Forbrugt (kr.)", "spent_dkk", "dkk"),
        ],
        rows=region_rows,
    )
    regions.total = {
        "region_label": "I alt",
        "allocated_dkk": round(sum(r["allocated_dkk"] or 0 for r in region_rows), 2),
        "spent_dkk": round(sum(r["spent_dkk"] or 0 for r in region_rows), 2),
    }
    c = data.cofinancing
    ratio_rows = [
        {"item": "In-kind fra alle organisationer", "amount": c["inkind_dkk"], "_unit": "DKK"},
        {"item": "heraf fra virksomheder", "amount": c["inkind_companies_dkk"], "_unit": "DKK"},
        {
            "item": "Regional medfinansiering, forbrugt",
            "amount": c["region_spent_dkk"],
            "_unit": "DKK",
        },
        {
            "item": "Medfinansiering i alt (in-kind + regional)",
            "amount": round(c["inkind_dkk"] + c["region_spent_dkk"], 2),
            "_unit": "DKK",
        },
        {
            "item": "Ministeriets bevilling, forbrugt",
            "amount": c["ministry_spent_dkk"],
            "_unit": "DKK",
        },
        {
            "item": "Medfinansieringsgrad (medfinansiering ÷ ministeriets forbrug)",
            "amount": c["ratio"],
            "_unit": "ratio",
        },
    ]
    ratio = Table(
        name="Medfinansiering_grad",
        title="Medfinansieringsgrad (nøgletal F.cofinancing_ratio)"
        + ("" if data.clusters is None else f", {scope_text(data)}"),
        columns=[Column("Post", "item"), Column("Beløb (kr.) / forhold", "amount", "by_unit")],
        rows=ratio_rows,
        unit_key="_unit",
    )
    return Sheet(name="Medfinansiering", tables=[inkind, regions, ratio])


def oekonomi(data: ReportData) -> Sheet:
    """Økonomi: the ministry grant allocated vs spent by cluster, category and quarter."""
    grant = data.grant
    rows = records_of(
        grant,
        ["cluster", "cluster_label", "category_label", "quarter", "allocated_dkk", "spent_dkk"],
    )
    for r in rows:
        r["difference_dkk"] = round((r["allocated_dkk"] or 0) - (r["spent_dkk"] or 0), 2)
        r["utilisation"] = (
            round(r["spent_dkk"] / r["allocated_dkk"], 6) if r["allocated_dkk"] else None
        )
    money = [
        Column("Tildelt (kr.)", "allocated_dkk", "dkk"),
        Column("Forbrugt (kr.)", "spent_dkk", "dkk"),
        Column("Difference (kr.)", "difference_dkk", "dkk"),
        Column("Forbrugsgrad", "utilisation", "pct"),
    ]
    main = Table(
        name="Økonomi",
        title="Ministeriets bevilling pr. klynge, kategori og kvartal",
        columns=[
            Column("Klynge", "cluster"),
            Column("Klyngens navn", "cluster_label"),
            Column("Kategori", "category_label"),
            Column("Kvartal", "quarter", "int"),
            *money,
        ],
        rows=rows,
    )

    def summary(keys: list[str]) -> list[dict]:
        out: dict[tuple, dict] = {}
        for r in rows:
            k = tuple(r[x] for x in keys)
            acc = out.setdefault(k, {x: r[x] for x in keys} | {"allocated_dkk": 0, "spent_dkk": 0})
            acc["allocated_dkk"] += r["allocated_dkk"] or 0
            acc["spent_dkk"] += r["spent_dkk"] or 0
        result = []
        for acc in out.values():
            acc["allocated_dkk"] = round(acc["allocated_dkk"], 2)
            acc["spent_dkk"] = round(acc["spent_dkk"], 2)
            acc["difference_dkk"] = round(acc["allocated_dkk"] - acc["spent_dkk"], 2)
            acc["utilisation"] = (
                round(acc["spent_dkk"] / acc["allocated_dkk"], 6) if acc["allocated_dkk"] else None
            )
            result.append(acc)
        return result

    def total_row(label_key: str, table_rows: list[dict]) -> dict:
        allocated = round(sum(r["allocated_dkk"] for r in table_rows), 2)
        spent = round(sum(r["spent_dkk"] for r in table_rows), 2)
        return {
            label_key: "I alt",
            "allocated_dkk": allocated,
            "spent_dkk": spent,
            "difference_dkk": round(allocated - spent, 2),
            "utilisation": round(spent / allocated, 6) if allocated else None,
        }

    by_quarter = sorted(summary(["quarter"]), key=lambda r: r["quarter"])
    for r in by_quarter:
        r["quarter_label"] = f"{r['quarter']}. kvartal"
    quarters = Table(
        name="Økonomi_kvartaler",
        title="Ministeriets bevilling pr. kvartal, "
        + ("alle klynger" if data.clusters is None else scope_text(data)),
        columns=[Column("Kvartal", "quarter_label"), *money],
        rows=by_quarter,
        total=total_row("quarter_label", by_quarter),
    )
    by_cluster = summary(["cluster", "cluster_label"])
    clusters = Table(
        name="Økonomi_klynger",
        title="Ministeriets bevilling pr. klynge, hele året",
        columns=[Column("Klynge", "cluster"), Column("Klyngens navn", "cluster_label"), *money],
        rows=by_cluster,
        total=total_row("cluster", by_cluster),
    )
    main.total = total_row("cluster", rows)
    charts = [
        Chart(
            table="Økonomi_kvartaler",
            kind="column",
            title=f"Ministeriets bevilling {data.year} pr. kvartal",
            categories="quarter_label",
            values=("allocated_dkk", "spent_dkk"),
            value_format="#,##0",
        ),
        Chart(
            table="Økonomi_klynger",
            kind="column",
            title=f"Ministeriets bevilling {data.year} pr. klynge",
            categories="cluster",
            values=("allocated_dkk", "spent_dkk"),
            value_format="#,##0",
        ),
    ]
    return Sheet(name="Økonomi", tables=[main, quarters, clusters], charts=charts)
