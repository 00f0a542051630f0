"""What the ministry report shows, read from the warehouse (no formatting, no file writing).

Every query is one file of warehouse/sql/report/ (named CTEs, values passed only as parameters).
`load_report_data` runs them all on one read-only connection, takes the KPI table from the KPI
engine (`warehouse.kpi`), and checks that no load swapped the warehouse file while it read, so the
report describes exactly one warehouse snapshot.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from warehouse import notes as notes_store
from warehouse.db import (
    built_by_other_code,
    connect_read_only,
    sql,
    warehouse_path,
    warehouse_version,
)
from warehouse.reference import labels
from warehouse.scope import REPORT_QUERY_SCOPE, DataScope, clusters_of
from warehouse.vocabulary import ENUMS, RULE_EXPLAINED, STATUS_WORDS, UNIT_SHORT, words

PathLike = str | os.PathLike | None

NATIONAL_SCOPE = "ALL"

#: Danish words of the KPI statuses, units, documentation kinds and quarantine rules (explained):
#: the vocabulary's (warehouse/vocabulary.py), which the dashboard and the CLI read too.
STATUS_DA: dict[str, str] = words(STATUS_WORDS, "da")
UNIT_DA: dict[str, str] = words(UNIT_SHORT, "da")
DOCUMENTATION_DA: dict[str, str] = words(ENUMS["documentation"], "da")
RULE_DA: dict[str, str] = words(RULE_EXPLAINED, "da")

_PARAM = re.compile(r"\$([a-z_]+)")


class ReportError(RuntimeError):
    """The report cannot be built; the message says why, in words a user can act on.

    Carries the message in Danish (the product's default, `str(exc)`) and in English:
    `ReportError(da="...", en="...")`, read with `.text(lang)`. Without `en` the English text
    says that the reason is given in Danish only and quotes it.
    """

    def __init__(self, da: str, en: str | None = None) -> None:
        super().__init__(da)
        self.da = da
        self.en = en

    def text(self, lang: str = "da") -> str:
        """The message in `lang` ('da' or 'en')."""
        if lang != "en":
            return self.da
        return self.en or f"(reason given in Danish only) {self.da}"


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, as DataFrames of values (codes plus Danish labels)."""

    year: int
    as_of: date
    generated_at: datetime
    warehouse: Path
    load_run: dict
    load_files: pd.DataFrame
    kpis: pd.DataFrame
    activities: pd.DataFrame
    companies: pd.DataFrame
    inkind: pd.DataFrame
    regions: pd.DataFrame
    cofinancing: dict
    grant: pd.DataFrame
    quarantine: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    #: the lead clusters whose rows the report holds (None: the whole network; warehouse.scope)
    clusters: tuple[str, ...] | None = None
    #: the steering committee's notes on the year's KPIs (warehouse.notes.list_notes' columns)
    kpi_notes: pd.DataFrame = field(default_factory=lambda: notes_store.empty_notes())


def run_report_query(
    con,
    name: str,
    year: int | None = None,
    as_of: date | None = None,
    scope: DataScope | None = None,
):
    """Run warehouse/sql/report/<name>.sql on `con` with the parameters it uses.

    `scope` (default: the whole network) goes in as `$clusters`; a query that returns rows must
    take it (warehouse.scope.REPORT_QUERY_SCOPE), else this raises instead of reading.
    """
    takes_scope = REPORT_QUERY_SCOPE.get(name)
    if takes_scope is None:
        raise ValueError(f"report query {name} has no scope rule in warehouse.scope")
    text = sql(f"report/{name}")
    used = set(_PARAM.findall(text))
    if takes_scope != ("clusters" in used):
        raise ValueError(f"report query {name} must {'' if takes_scope else 'not '}use $clusters")
    values = {k: v for k, v in {"year": year, "as_of": as_of}.items() if k in used}
    if set(values) != used - {"clusters"} or any(v is None for v in values.values()):
        raise ValueError(f"report query {name} needs parameters {sorted(used)}")
    if takes_scope:
        values["clusters"] = (scope or DataScope()).as_parameter()
    return con.execute(text, values).df()


def available_years(warehouse: PathLike = None) -> list[int]:
    """Return the years the warehouse has data for, newest first (empty if it has none)."""
    with connect_read_only(warehouse) as con:
        return [int(y) for y in run_report_query(con, "years")["year"]]


def kpi_catalogue() -> pd.DataFrame:
    """Return the KPI catalogue in display order: kpi_id, goal, goal_da, name_da, unit, decimals."""
    from warehouse.kpi_catalogue import kpi_catalogue_frame

    frame = kpi_catalogue_frame().rename(columns={"id": "kpi_id"})
    return frame[["kpi_id", "goal", "goal_da", "name_da", "unit", "decimals"]].reset_index(
        drop=True
    )


def kpi_rows(year: int, as_of: date, warehouse: PathLike = None) -> pd.DataFrame:
    """Return the KPI table of `year` as of `as_of`, national rows first, then each cluster.

    Columns: kpi_id, goal, goal_da, name_da, unit, decimals, scope, actual, target,
    achievement_pct, status, status_da. Values are exactly the KPI engine's.
    """
    from warehouse import kpi
    from warehouse.reference import codes

    national = kpi.kpi_table(year, by="national", as_of=as_of, warehouse=warehouse)
    clusters = kpi.kpi_table(year, by="cluster", as_of=as_of, warehouse=warehouse)
    table = pd.concat([national, clusters], ignore_index=True)
    catalogue = kpi_catalogue()
    scope_order = {NATIONAL_SCOPE: 0} | {c: i + 1 for i, c in enumerate(codes("cluster"))}
    kpi_order = {k: i for i, k in enumerate(catalogue["kpi_id"])}
    table = table.assign(
        _scope=table["scope"].map(scope_order).fillna(len(scope_order)),
        _kpi=table["kpi_id"].map(kpi_order).fillna(len(kpi_order)),
    )
    table = table.sort_values(["_scope", "_kpi", "scope", "kpi_id"], kind="stable")
    table = table.drop(columns=["_scope", "_kpi"]).reset_index(drop=True)
    table = table.merge(catalogue, on="kpi_id", how="left", validate="many_to_one")
    table["status_da"] = table["status"].map(STATUS_DA).fillna(table["status"])
    return table


def report_notes(year: int, warehouse: Path, scope: DataScope) -> pd.DataFrame:
    """The notes on the KPIs of `year` (docs/notes.md): every note for the whole network's
    report; for a cluster's report the national notes and the cluster's own. Raises
    ReportError when the notes file exists but cannot be read (a report must not lose them)."""
    path = notes_store.notes_path(warehouse)
    try:
        frame = notes_store.list_notes(year, path=path)
    except Exception as exc:  # noqa: BLE001 - sqlite3 and OS errors alike: say which file
        raise ReportError(
            da=f"Bemærkningerne i {path} kan ikke læses ({exc}). Ret eller flyt filen, og byg "
            "rapporten igen.",
            en=f"The notes in {path} cannot be read ({exc}). Repair or move the file and build "
            "the report again.",
        ) from exc
    if scope.clusters is not None:
        frame = frame[frame["scope"].isin([NATIONAL_SCOPE, *scope.clusters])]
    return frame.reset_index(drop=True)


def scope_note(clusters: Sequence[str]) -> str:
    """The Danish note that says a report holds only the rows of `clusters` (on its cover)."""
    names = labels("cluster")
    who = ", ".join(f"{c} ({names[c]})" if c in names else c for c in clusters) or "ingen"
    return (
        f"Rapporten er begrænset til klynge {who}: aktiviteter, som klyngen leder, virksomheder "
        "og in-kind i de aktiviteter, klyngens egen bevilling og medfinansiering, og kun filer og "
        "karantænerækker fra filer med klyngens kode i navnet. Nøgletallene for hele netværket "
        "og de andre klynger er tal, ikke rækker."
    )


def _cofinancing_ratio(kpis: pd.DataFrame, totals: dict, scope: DataScope) -> float | None:
    """The co-financing ratio of the report's scope: the KPI engine's national or cluster value;
    for several clusters together, computed from the parts as the KPI defines it."""
    if scope.clusters is not None and len(scope.clusters) != 1:
        spent = totals["ministry_spent_dkk"]
        parts = totals["inkind_dkk"] + totals["region_spent_dkk"]
        return round(parts / spent, 2) if spent else None
    wanted = NATIONAL_SCOPE if scope.clusters is None else scope.clusters[0]
    row = (kpis["kpi_id"] == "F.cofinancing_ratio") & (kpis["scope"] == wanted)
    ratio = kpis.loc[row, "actual"]
    return None if ratio.empty or pd.isna(ratio.iloc[0]) else float(ratio.iloc[0])


def load_report_data(
    year: int,
    as_of: date | None = None,
    warehouse: PathLike = None,
    generated_at: datetime | None = None,
    clusters: Sequence[str] | None = None,
) -> ReportData:
    """Read everything the report of `year` as of `as_of` (default today) shows.

    `clusters` is the reader's data scope (warehouse.scope): None for the whole network; else the
    report holds only the rows of activities led by those clusters (and the companies, in-kind
    and their own funding that hang on them) and of files whose name carries their codes, while
    the KPI table keeps the network's and every cluster's figures; a note on the cover says so.
    Raises ReportError when the warehouse is missing, was built by another version of the code,
    was never loaded, or was replaced by a load while it was being read.
    """
    as_of = as_of or date.today()
    generated_at = generated_at or datetime.now().astimezone().replace(microsecond=0)
    scope = clusters_of(clusters)
    path = warehouse_path(warehouse)
    if not path.exists():
        raise ReportError(
            da=f"Datavarehuset {path} findes ikke. Indlæs data først med 'healthtech load'.",
            en=f"The warehouse {path} does not exist. Load data first with 'healthtech load'.",
        )
    version = warehouse_version(path)
    with connect_read_only(path) as con:
        if built_by_other_code(con):
            raise ReportError(
                da=f"Datavarehuset {path} er bygget af en anden version af programmet. Indlæs "
                "data igen med 'healthtech load'.",
                en=f"The warehouse {path} was built by another version of the program. Load the "
                "data again with 'healthtech load'.",
            )
        run = run_report_query(con, "load_run")
        if run.empty:
            raise ReportError(
                da=f"Datavarehuset {path} er aldrig blevet indlæst (load_runs er tom).",
                en=f"The warehouse {path} has never been loaded (its load history is empty).",
            )
        frames = {
            "load_files": run_report_query(con, "load_files", scope=scope),
            "activities": run_report_query(con, "activities", year, as_of, scope),
            "companies": run_report_query(con, "companies", year, as_of, scope),
            "inkind": run_report_query(con, "inkind_by_org", year, as_of, scope),
            "regions": run_report_query(con, "cofinancing_by_region", year, as_of, scope),
            "grant": run_report_query(con, "grant_by_quarter", year, as_of, scope),
            "quarantine": run_report_query(con, "quarantine_by_rule", scope=scope),
        }
        totals = run_report_query(con, "cofinancing_totals", year, as_of, scope)
        totals = totals.iloc[0].to_dict()
    kpis = kpi_rows(year, as_of, path)
    kpi_notes = report_notes(year, path, scope)
    if warehouse_version(path) != version:
        raise ReportError(
            da="Datavarehuset blev udskiftet af en indlæsning, mens rapporten blev bygget. "
            "Prøv igen.",
            en="A load replaced the warehouse while the report was being built. Please try again.",
        )

    cofinancing = {k: float(v) for k, v in totals.items()}
    cofinancing["ratio"] = _cofinancing_ratio(kpis, cofinancing, scope)

    inkind = frames["inkind"]
    inkind["documentation_da"] = (
        inkind["documentation"].map(DOCUMENTATION_DA).fillna(inkind["documentation"])
    )
    quarantine = frames["quarantine"]
    quarantine["rule_da"] = quarantine["rule"].map(RULE_DA).fillna("")
    quarantine["first_rows"] = [
        ", ".join(str(int(r)) for r in rows) for rows in quarantine["first_rows"]
    ]

    notes = [] if scope.whole_network else [scope_note(scope.clusters or ())]
    if frames["activities"].empty:
        notes.append(f"Der er ingen talte aktiviteter i {year} pr. {as_of.isoformat()}.")
    if as_of.year < year:
        notes.append(
            f"Opgørelsesdatoen {as_of.isoformat()} ligger før {year}: intet er talt endnu."
        )

    return ReportData(
        year=year,
        as_of=as_of,
        generated_at=generated_at,
        warehouse=path,
        load_run=run.iloc[0].to_dict(),
        kpis=kpis,
        cofinancing=cofinancing,
        notes=notes,
        clusters=scope.clusters,
        kpi_notes=kpi_notes,
        **frames,
    )
