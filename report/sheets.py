"""The report's content as sheets of tables: one model that the workbook and the CSV zip both write.

A `Sheet` holds `Table`s; a `Table` has typed `Column`s and rows of plain Python values (str,
int, float, date or None). The kinds decide how a value is shown: `dkk` with thousands
separators, `pct` as an Excel percentage (the value is a fraction: 0.455 is 45.5 %), `date` as a
date, and `by_unit` per row from the row's unit (the KPI values, whose units differ by row).
Every table is written to the workbook and to the CSV zip from this one model, so the two always
hold the same values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from report.data import NATIONAL_SCOPE, UNIT_DA, ReportData
from warehouse.reference import labels
from warehouse.spreadsheet import neutralise

NETWORK = "Danish Healthtech"
MINISTRY = "Uddannelses- og Forskningsministeriet"

#: Danish month names, for dates written out in words.
MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class Column:
    """One column: its Danish header, the row key it shows and how its values are shown."""

    header: str
    key: str
    kind: str = "text"  # text | int | dkk | hours | pct | ratio | date | by_unit


@dataclass
class Table:
    """A table of one sheet. `name` is its CSV file's stem; `title` is shown above it.

    Its values are either `rows` (one dict per row: the small tables) or `data` (one list per
    column key: the long tables, which are converted a column at a time, since a dict per row is
    too slow for 100,000s of rows); `column_values` reads either.
    """

    name: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    title: str | None = None
    total: dict | None = None  # a total row shown after the rows (workbook only)
    unit_key: str | None = None  # for `by_unit` columns: the row key holding the unit
    data: dict[str, list] | None = None

    def __len__(self) -> int:
        if self.data is not None:
            return len(next(iter(self.data.values()), []))
        return len(self.rows)

    def column_values(self, key: str) -> list:
        """The values of one column, top to bottom (None where a row has none)."""
        if self.data is not None:
            return self.data.get(key) or [None] * len(self)
        return [r.get(key) for r in self.rows]

    def records(self) -> list[dict]:
        """The rows as dicts (for the small tables and for tests; slow for long tables)."""
        if self.data is None:
            return self.rows
        keys = list(self.data)
        return [
            dict(zip(keys, values, strict=True)) for values in zip(*self.data.values(), strict=True)
        ]


@dataclass(frozen=True)
class Chart:
    """A native Excel chart over columns of one table of the sheet."""

    table: str
    kind: str  # bar | column
    title: str
    categories: str  # column key
    values: tuple[str, ...]  # column keys, one series each
    first_rows: int | None = None  # plot only the first n rows
    value_format: str | None = None


@dataclass
class Sheet:
    """A worksheet: an optional cover block (title lines), tables and charts."""

    name: str
    tables: list[Table]
    title: str | None = None
    lines: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def date_da(day: date) -> str:
    """A date in Danish words: 31. december 2020."""
    return f"{day.day}. {MONTHS_DA[day.month - 1]} {day.year}"


def _value(value: object) -> object:
    """A plain Python value of a DataFrame cell: None for missing, int/float/str/date otherwise."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _value(value.item())
    return value


def _records(frame: pd.DataFrame, keys: list[str]) -> list[dict]:
    # column-wise to Python objects, then zipped: iterrows is far too slow for 100,000s of rows
    columns = [[_value(v) for v in frame[k].astype(object).tolist()] for k in keys]
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]


def scope_text(data: ReportData) -> str:
    """Whose rows the report holds: 'hele netværket' or 'klynge LSI (LifeScience Innovation)'."""
    if data.clusters is None:
        return "hele netværket"
    names = labels("cluster")
    return "klynge " + (", ".join(f"{c} ({names.get(c, c)})" for c in data.clusters) or "ingen")


_PLAIN_TYPES = {str, int, float, bool, date, datetime, type(None)}


def _column_lists(frame: pd.DataFrame, keys: list[str]) -> dict[str, list]:
    """{key: the column's plain Python values} (as `_value` gives them), a column at a time."""
    data = {}
    for key in keys:
        series = frame[key]
        kind = series.dtype.kind
        if kind == "M":  # datetime64: dates, as _value turns a Timestamp into a date
            values = series.dt.date.astype(object).where(series.notna(), None).tolist()
        elif kind in "iub" and not isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
            values = series.tolist()  # Python ints / bools, never missing
        elif kind == "f" and not isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
            values = series.tolist()
            if series.hasnans:
                values = [None if v != v else v for v in values]
        else:
            values = series.astype(object).where(series.notna(), None).tolist()
            if not set(map(type, values)) <= _PLAIN_TYPES:
                values = [_value(v) for v in values]  # numpy scalars and the like
        data[key] = values
    return data


def _yes_no(value: object) -> str:
    return "" if value is None else ("Ja" if bool(value) else "Nej")


def kpi_value(value: float | None, unit: str) -> float | None:
    """A KPI value as the workbook holds it: % KPIs as a fraction (45.5 -> 0.455), others as is."""
    if value is None:
        return None
    return round(value / 100, 6) if unit == "%" else value


# --------------------------------------------------------------------------------------------
# The sheets
# --------------------------------------------------------------------------------------------


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
        rows=_records(
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
        achievement = _value(r["achievement_pct"])
        scope = r["scope"]
        rows.append(
            {
                "kpi_id": r["kpi_id"],
                "goal": f"{r['goal']} {r['goal_da']}",
                "name": r["name_da"],
                "scope": "Hele netværket" if scope == NATIONAL_SCOPE else scope,
                "scope_name": "" if scope == NATIONAL_SCOPE else cluster_names.get(scope, scope),
                "actual": kpi_value(_value(r["actual"]), unit),
                "target": kpi_value(_value(r["target"]), unit),
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


def aktiviteter(data: ReportData) -> Sheet:
    """Aktiviteter: the counted activities of the year."""
    frame = data.activities
    columns = _column_lists(frame, list(frame.columns))
    columns["users_involved"] = [_yes_no(v) for v in columns["users_involved"]]
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
    columns = _column_lists(frame, list(frame.columns))
    columns["is_sme"] = [_yes_no(v) for v in columns["is_sme"]]
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


def medfinansiering(data: ReportData) -> Sheet:
    """Medfinansiering: in-kind by organisation, regional co-financing by region, and the ratio."""
    inkind_columns = _column_lists(
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
    region_rows = _records(data.regions, ["region_label", "allocated_dkk", "spent_dkk"])
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
    rows = _records(
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


def datakvalitet(data: ReportData) -> Sheet:
    """Datakvalitet: the rows the load put in quarantine, by file and rule."""
    rows = _records(
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


def csv_text(value: object, kind: str = "text") -> str:
    """The CSV form of a cell value: ISO dates, '.' as decimal point, no thousands separators."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if kind == "dkk":
            return f"{value:.2f}"
        if kind == "int" and value.is_integer():
            return str(int(value))
        return repr(value)
    return neutralise(str(value))
