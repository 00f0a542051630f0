"""Downloads: the Explorer's rows and the quarantine as CSV and Excel, safe to open in a
spreadsheet (text that starts with = + - @ is never a formula), with labels in the user's language.

Pure functions (no Streamlit), except that `explorer_download` returns a callable for
`st.download_button(data=...)`, which Streamlit runs only when the user clicks.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import datetime

import pandas as pd

from ui.i18n import lang_index
from warehouse.spreadsheet import neutralise as neutralise  # re-exported: the one definition
from warehouse.spreadsheet import neutralise_frame

EXCEL_MAX_ROWS = 1_048_575  # one row for the header

#: Explorer column → (Danish, English) heading.
EXPLORER_COLUMNS: dict[str, tuple[str, str]] = {
    "activity_id": ("Aktivitets-id", "Activity id"),
    "title": ("Titel", "Title"),
    "activity_type": ("Aktivitetstype", "Activity type"),
    "status": ("Status", "Status"),
    "lead_cluster": ("Ledende klynge", "Lead cluster"),
    "partner_clusters": ("Partnerklynger", "Partner clusters"),
    "theme": ("Tema", "Theme"),
    "technology": ("Teknologi", "Technology"),
    "start_date": ("Startdato", "Start date"),
    "end_date": ("Slutdato", "End date"),
    "host_region": ("Værtsregion", "Host region"),
    "host_country": ("Værtsland", "Host country"),
    "users_involved": ("Brugere involveret", "Users involved"),
    "org_id": ("Organisations-id", "Organisation id"),
    "org_name": ("Organisation", "Organisation"),
    "org_type": ("Organisationstype", "Organisation type"),
    "is_sme": ("SMV", "SME"),
    "employees": ("Ansatte", "Employees"),
    "org_region": ("Organisationens region", "Organisation's region"),
    "org_country": ("Organisationens land", "Organisation's country"),
    "role": ("Rolle", "Role"),
    "participants": ("Deltagere", "Participants"),
    "inkind_hours": ("In-kind timer", "In-kind hours"),
    "inkind_dkk": ("In-kind (kr.)", "In-kind (DKK)"),
}

#: Explorer column → the dimension whose labels replace its codes.
EXPLORER_LABELLED = {
    "activity_type": "activity_type",
    "lead_cluster": "cluster",
    "theme": "theme",
    "technology": "technology",
    "host_region": "region",
    "org_type": "org_type",
    "org_region": "region",
    "status": "activity_status",
    "role": "participation_role",
    "host_country": "country",
    "org_country": "country",
}
#: Explorer columns holding several codes of a dimension, separated by ';'.
EXPLORER_LISTS = {"partner_clusters": "cluster"}


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with BOM (Excel opens it with the right characters), formulas neutralised."""
    return neutralise_frame(df).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(
    df: pd.DataFrame,
    sheet: str,
    info: list[tuple[str, str]],
    info_sheet: str,
) -> bytes:
    """An .xlsx workbook: `df` on `sheet` (all text written as text, never as a formula or link)
    and the (name, value) pairs of `info` (the filters applied, the warehouse's load time) on
    `info_sheet`. Rows beyond Excel's limit are cut and said so in `info`."""
    info = list(info)
    if len(df) > EXCEL_MAX_ROWS:
        info.append(("Excel", f"{EXCEL_MAX_ROWS:,} / {len(df):,} rows (use CSV for all)"))
        df = df.head(EXCEL_MAX_ROWS)
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        df.to_excel(writer, sheet_name=sheet[:31], index=False)
        pd.DataFrame(info, columns=["", " "]).to_excel(
            writer, sheet_name=info_sheet[:31], index=False
        )
        for name, width in ((sheet[:31], 18), (info_sheet[:31], 40)):
            writer.sheets[name].set_column(0, max(len(df.columns), 2) - 1, width)
    return buffer.getvalue()


def label_explorer_rows(
    rows: pd.DataFrame,
    lang: str,
    label_maps: Mapping[str, Mapping[str, str]],
    yes_no: tuple[str, str],
) -> pd.DataFrame:
    """The Explorer's rows with labels instead of codes and headings in `lang` (the ids stay)."""
    out = rows.drop(columns=["total_rows"], errors="ignore").copy()
    for column, dimension in EXPLORER_LABELLED.items():
        if column in out:
            mapping = label_maps.get(dimension, {})
            out[column] = out[column].map(lambda c, m=mapping: m.get(c, c) if pd.notna(c) else c)
    for column, dimension in EXPLORER_LISTS.items():
        if column in out:
            mapping = label_maps.get(dimension, {})
            out[column] = out[column].map(
                lambda v, m=mapping: (
                    ", ".join(m.get(c, c) for c in str(v).split(";") if c) if pd.notna(v) else v
                )
            )
    for column in ("is_sme", "users_involved"):
        if column in out:
            out[column] = out[column].map(
                lambda v: yes_no[0] if v is True else (yes_no[1] if v is False else None)
            )
    for column in ("start_date", "end_date"):
        if column in out:
            out[column] = pd.to_datetime(out[column]).dt.date
    index = lang_index(lang)
    return out.rename(columns={k: v[index] for k, v in EXPLORER_COLUMNS.items()})


def explorer_download(
    kind: str,
    params: dict,
    warehouse: str,
    lang: str,
    label_maps: Mapping[str, Mapping[str, str]],
    yes_no: tuple[str, str],
    info: list[tuple[str, str]],
    sheet_names: tuple[str, str],
    stamp_labels: tuple[str, str] = ("Exported at", "Rows"),
) -> Callable[[], bytes]:
    """A callable for st.download_button that builds the file of ALL filtered rows on click."""

    def build() -> bytes:
        from warehouse.queries import explorer_rows

        rows = explorer_rows(**params, limit=None, warehouse=warehouse)
        shown = label_explorer_rows(rows, lang, label_maps, yes_no)
        if kind == "csv":
            return to_csv_bytes(shown)
        stamp = datetime.now().isoformat(timespec="seconds")
        extra = [*info, (stamp_labels[0], stamp), (stamp_labels[1], str(len(shown)))]
        return to_excel_bytes(shown, sheet_names[0], extra, sheet_names[1])

    return build
