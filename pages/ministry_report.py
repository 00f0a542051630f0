"""Rapport / Report: build the ministry report of a year and download its three files.

The user picks a year and an as-of date (defaults: the sidebar's), sees the national scorecard
that the report will hold, and presses "Byg rapport"; the workbook, the PDF and the CSV zip are
then built (report.build.build_report, in a temporary folder) and offered as downloads. The
report is always in Danish. It holds the rows the user's role may see (warehouse.scope, through
`ui.access.data_clusters()`): the whole network, or for a cluster lead only their cluster's rows
with the network's KPIs as figures. The sidebar's cluster and theme filters do not apply to it.
No SQL here: the page calls report/ and ui/ functions.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import streamlit as st

from report.build import build_report, report_names
from report.data import ReportError, available_years
from ui import access, common, data, filters, formats, scorecard
from ui.i18n import lang_index, t

TEXT: dict[str, tuple[str, str]] = {
    "intro": (
        "Årsrapporten til Uddannelses- og Forskningsministeriet: en Excel-projektmappe, en PDF "
        "og en zip med CSV-filer for det valgte år, opgjort pr. den valgte dato. Rapporten er på "
        "dansk og rummer de rækker, din rolle må se; sidepanelets klynge- og temafiltre bruges "
        "ikke.",
        "The annual report to the Ministry of Higher Education and Science: an Excel workbook, a "
        "PDF and a zip of CSV files for the chosen year, as of the chosen date. The report is in "
        "Danish and holds the rows your role may see; the sidebar's cluster and theme filters do "
        "not apply.",
    ),
    "intro_scoped": (
        "Rapporten indeholder kun rækker for din klynge ({clusters}): de aktiviteter, den leder, "
        "virksomheder og in-kind i dem, klyngens bevilling og filer med klyngens kode. "
        "Nøgletallene for hele netværket og de andre klynger står som tal.",
        "The report holds only your cluster's rows ({clusters}): the activities it leads, the "
        "companies and in-kind in them, the cluster's grant and the files that carry its code. "
        "The KPIs of the whole network and of the other clusters appear as figures.",
    ),
    "preview": (
        "Scorecard i rapporten (hele netværket)",
        "Scorecard in the report (whole network)",
    ),
    "build": ("Byg rapport", "Build report"),
    "building": (
        "Bygger rapporten (tegner diagrammerne til PDF'en) …",
        "Building the report (drawing the PDF's charts) …",
    ),
    "built": (
        "Rapporten for {year} pr. {as_of} er bygget. Hent filerne:",
        "The report for {year} as of {as_of} is built. Download the files:",
    ),
    "failed": ("Rapporten blev ikke bygget: {reason}", "The report was not built: {reason}"),
    "no_years": (
        "Datavarehuset har endnu ingen data at lave en rapport af.",
        "The warehouse has no data to report on yet.",
    ),
    "download_xlsx": ("Hent Excel-rapport (.xlsx)", "Download Excel report (.xlsx)"),
    "download_pdf": ("Hent PDF-rapport (.pdf)", "Download PDF report (.pdf)"),
    "download_csv": ("Hent CSV-filer (.zip)", "Download CSV files (.zip)"),
    "cli_hint": (
        "Samme rapport fra kommandolinjen:",
        "The same report from the command line:",
    ),
}
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "application/zip",
}
KEY_FILES = "report_files"
KEY_BUILD_REQUESTED = "report_build_requested"


def tr(key: str, lang: str, **values: object) -> str:
    text = TEXT[key][lang_index(lang)]
    return text.format(**values) if values else text


@st.cache_data(show_spinner=False, max_entries=16)
def _years(path: str, version: str) -> list[int]:
    del version  # part of the cache key only
    return available_years(path)


def _download_name(name: str, clusters: tuple[str, ...] | None) -> str:
    """The file name offered for download: a restricted report says whose rows it holds."""
    if clusters is None:
        return name
    stem, dot, suffix = name.partition(".")
    return f"{stem}_{'_'.join(clusters) or 'ingen'}{dot}{suffix}"


def _build(
    year: int, as_of: date, path: str, clusters: tuple[str, ...] | None
) -> dict[str, tuple[str, bytes]]:
    """Build the report of the user's data scope in a temporary folder and return
    {kind: (file name, bytes)}."""
    with tempfile.TemporaryDirectory(prefix="healthtech-report-") as tmp:
        paths = build_report(
            year, as_of=as_of, out_dir=Path(tmp), warehouse=path, clusters=clusters
        )
        return {k: (_download_name(p.name, clusters), p.read_bytes()) for k, p in paths.items()}


def main() -> None:
    f = filters.current()
    lang = f.lang
    st.title(t("page_report", lang))
    st.caption(tr("intro", lang))
    clusters = access.data_clusters()
    if clusters is not None:
        st.info(tr("intro_scoped", lang, clusters=", ".join(clusters) or "–"))
    if not data.warehouse_exists():
        common.missing_warehouse(lang)
        return
    path, version = data.current_warehouse()
    years = _years(path, version)
    if not years:
        common.empty_state(lang, tr("no_years", lang))
        return

    left, right = st.columns(2)
    default_year = f.year if f.year in years else filters.default_year(years)
    year = left.selectbox(
        t("year", lang), years, index=years.index(default_year), key="report_year"
    )
    as_of = right.date_input(
        t("as_of", lang),
        value=f.as_of,
        key="report_as_of",
        help=t("as_of_help", lang),
        format="DD-MM-YYYY",
    )
    as_of = as_of if isinstance(as_of, date) else date.today()

    st.subheader(tr("preview", lang))
    catalogue = common.kpi_catalogue(lang)
    table = data.kpi_table(int(year), "national", as_of)
    card = scorecard.scorecard(table, catalogue, lang)
    for goal_label, part in card.groupby("goal_label", sort=False):
        st.markdown(f"**{goal_label}**")
        st.dataframe(scorecard.style_scorecard(part, lang), hide_index=True, width="stretch")

    wanted = (int(year), as_of.isoformat(), version, clusters)
    # A callback, not the button's return value: the request survives a rerun of the script
    # (ui.filters reruns a page through dashboard.py when Streamlit started it on its own).
    st.button(
        tr("build", lang),
        key="report_build",
        type="primary",
        on_click=st.session_state.__setitem__,
        args=(KEY_BUILD_REQUESTED, True),
    )
    if st.session_state.pop(KEY_BUILD_REQUESTED, False):
        with st.spinner(tr("building", lang)):
            try:
                files = _build(int(year), as_of, path, clusters)
            except ReportError as exc:
                st.session_state.pop(KEY_FILES, None)
                st.error(tr("failed", lang, reason=exc.text(lang)), icon="⚠️")
            else:
                st.session_state[KEY_FILES] = {"for": wanted, "files": files}

    built = st.session_state.get(KEY_FILES)
    if built and built["for"] == wanted:
        st.success(tr("built", lang, year=year, as_of=formats.fmt_date(as_of, lang)))
        columns = st.columns(3)
        for column, kind in zip(columns, ("xlsx", "pdf", "csv"), strict=True):
            name, payload = built["files"][kind]
            column.download_button(
                tr(f"download_{kind}", lang),
                data=payload,
                file_name=name,
                mime=MIME[kind],
                key=f"report_download_{kind}",
                on_click="ignore",
            )
    else:
        names = ", ".join(_download_name(n, clusters) for n in report_names(int(year)).values())
        st.caption(names)
    st.caption(tr("cli_hint", lang))
    st.code(f"healthtech report --year {year} --as-of {as_of.isoformat()}", language="bash")


with common.guard(filters.language()):
    main()
