"""The bad-input cases too big or too many to commit, written into a folder at test time.

Each generator writes its case files into `folder` and returns the case's expectation in the same
shape as a committed `expected.toml` (see README.md beside this file). `tests/test_bad_input.py`
runs them exactly like the committed cases.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from etl.kinds import SPECS
from tests.loadkit import VALID_SET

Expected = dict[str, object]
TEN_MB = 10 * 1024 * 1024
ACTIVITY_COLUMNS = list(VALID_SET["activities"][0])


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _activity(activity_id: str, title: str) -> list[str]:
    row = dict(
        VALID_SET["activities"][0], activity_id=activity_id, title=title, partner_clusters=""
    )
    return [row[c] for c in ACTIVITY_COLUMNS]


def zip_bomb_xlsx(folder: Path) -> Expected:
    """An 'XLSX' whose few KB inflate to 60 MB: refused before anything unpacks it."""
    with zipfile.ZipFile(folder / "inkind_bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(3):
            archive.writestr(f"xl/worksheets/sheet{n + 1}.xml", b"\0" * (20 * 1024 * 1024))
    return {
        "description": "A zip bomb disguised as XLSX (60 MB of zeros in ~60 KB).",
        "outcome": "rejected",
        "message": "inkind_bomb.xlsx cannot be read: the XLSX file would inflate to an implausible "
        "size (a zip bomb?)",
    }


def ten_mb_text_field(folder: Path) -> Expected:
    """A 10 MB title with newlines and quotes in it loads whole (fast C-parser path)."""
    title = ('Lang "beskrivelse"\n' + "æøå " * 64) * (TEN_MB // 275) + "slut"
    rows = [_activity("A3", title), _activity("A4", "Kort")]
    (folder / "activities_x.csv").write_text(_csv(ACTIVITY_COLUMNS, rows), encoding="utf-8")
    return {
        "description": "A 10 MB text field (quoted, with newlines and quotes) loads unchanged.",
        "outcome": "loaded",
        "read": {"activities_x.csv": 2},
        "tables": {"activities": 4},
        "query": [
            {
                "sql": "SELECT length(title), md5(title) = md5(?) FROM activities "
                "WHERE activity_id = 'A3'",
                "params": [title],
                "rows": [[len(title), True]],
            }
        ],
    }


def ten_mb_text_field_irregular(folder: Path) -> Expected:
    """The same 10 MB field in a file with a surplus cell, read row by row by the csv module.

    The csv module refuses fields over 128 KiB by default; this crashed the load before.
    """
    title = "x" * TEN_MB
    rows = [_activity("A3", title), [*_activity("A4", "Kort"), "surplus"]]
    (folder / "activities_x.csv").write_text(_csv(ACTIVITY_COLUMNS, rows), encoding="utf-8")
    return {
        "description": "A 10 MB text field in a file the csv module reads row by row.",
        "outcome": "loaded",
        "read": {"activities_x.csv": 2},
        "tables": {"activities": 3},
        "quarantine": [
            {"file": "activities_x.csv", "row": 3, "rule": "field_count", "column": "_overflow"}
        ],
        "query": [
            {
                "sql": "SELECT length(title) FROM activities WHERE activity_id = 'A3'",
                "rows": [[TEN_MB]],
            }
        ],
    }


def missing_required_column(kind: str, column: str) -> Callable[[Path], Expected]:
    """A file of `kind` without `column` (every other column as in the valid set) is rejected."""

    def write(folder: Path) -> Expected:
        rows = [{k: v for k, v in r.items() if k != column} for r in VALID_SET[kind]]
        header = list(rows[0])
        (folder / f"{kind}.csv").write_text(
            _csv(header, [[r[c] for c in header] for r in rows]), encoding="utf-8"
        )
        return {
            "description": f"{kind}.csv without its required column {column}.",
            "outcome": "rejected",
            "message": f"{kind}.csv lacks the required column(s) {column} (found: ",
        }

    return write


# --- spreadsheets whose extent or content would exhaust the native reader (issue 11) ----------

PARTICIPATION_HEADER = ["activity_id", "org_id", "participants", "role"]
PARTICIPATION_ROW = ["A1", "O2", "1", "participant"]
_SPREADSHEETML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx_by_hand(
    path: Path,
    cells: list[tuple[str, str]],
    dimension: str | None = None,
    shared_strings: list[str] | None = None,
) -> None:
    """Write a minimal XLSX with zipfile (sheet 'Data'); a value `s:N` is shared string N."""
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        "</Types>"
    )
    rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{_RELATIONSHIPS}"><Relationship Id="rId1" '
        f'Type="{_OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0"?><workbook xmlns="{_SPREADSHEETML}" xmlns:r="{_OFFICE_RELS}">'
        '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    targets = (
        f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    )
    if shared_strings is not None:
        targets += (
            f'<Relationship Id="rId2" Type="{_OFFICE_RELS}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    workbook_rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{_RELATIONSHIPS}">{targets}</Relationships>'
    )
    rows: dict[int, list[str]] = {}
    for ref, value in cells:
        row = int("".join(ch for ch in ref if ch.isdigit()))
        if value.startswith("s:"):
            xml = f'<c r="{ref}" t="s"><v>{value[2:]}</v></c>'
        else:
            xml = f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        rows.setdefault(row, []).append(xml)
    body = "".join(f'<row r="{r}">{"".join(c)}</row>' for r, c in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{_SPREADSHEETML}">{dim}'
        f"<sheetData>{body}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            items = "".join(f"<si><t>{text}</t></si>" for text in shared_strings)
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0"?><sst xmlns="{_SPREADSHEETML}">{items}</sst>',
            )


def _participation_cells() -> list[tuple[str, str]]:
    return [
        *zip(["A1", "B1", "C1", "D1"], PARTICIPATION_HEADER, strict=True),
        *zip(["A2", "B2", "C2", "D2"], PARTICIPATION_ROW, strict=True),
    ]


def xlsx_cell_at_xfd1048576(folder: Path) -> Expected:
    """One stray cell at the last cell of a sheet: the native reader would ask for 550 GB."""
    xlsx_by_hand(folder / "participations_WT.xlsx", [*_participation_cells(), ("XFD1048576", "x")])
    return {
        "description": "A 1.6 KB XLSX with one stray cell at XFD1048576 (the process aborted, "
        "asking for 550 GB): refused before the native reader sees it, naming sheet and cell.",
        "outcome": "rejected",
        "message": "participations_WT.xlsx cannot be read: the sheet 'Data' reaches cell "
        "XFD1048576 (row 1,048,576, column 16,384)",
    }


def xlsx_stray_cell_far_below(folder: Path) -> Expected:
    """A value at J300000 under four columns of data: 3,000,000 cells from A1."""
    xlsx_by_hand(folder / "participations_WT.xlsx", [*_participation_cells(), ("J300000", "0")])
    return {
        "description": "A stray value far below and right of the data (J300000).",
        "outcome": "rejected",
        "message": "participations_WT.xlsx cannot be read: the sheet 'Data' reaches cell J300000",
    }


def xlsx_dimension_claims_the_whole_sheet(folder: Path) -> Expected:
    """A <dimension> tag that claims A1:XFD1048576 over two rows of cells: only cells count."""
    xlsx_by_hand(
        folder / "participations_WT.xlsx", _participation_cells(), dimension="A1:XFD1048576"
    )
    return {
        "description": "The sheet's dimension tag claims the whole sheet, its cells fill two "
        "rows: it loads (only cells with values count).",
        "outcome": "loaded",
        "read": {"participations_WT.xlsx": 1},
        "tables": {"participations": 5},
    }


def xlsx_shared_string_memory_bomb(folder: Path) -> Expected:
    """150,000 cells that each point at one 10,000-character shared string: 1.5 GB as text.

    Within the extent limit, so the check before reading lets it through; the native reader,
    in its child process with a 640 MB memory limit, is stopped, and the load says so.
    """
    cells = _participation_cells() + [(f"E{row}", "s:0") for row in range(3, 150_003)]
    xlsx_by_hand(folder / "participations_WT.xlsx", cells, shared_strings=["x" * 10_000])
    return {
        "description": "An XLSX whose 150,000 cells each repeat one 10 KB shared string: the "
        "reader's child process runs out of its memory limit; the load is refused, not killed.",
        "outcome": "rejected",
        "message": "participations_WT.xlsx cannot be read: reading it needs more than 640 MB",
    }


def _xlsx_with_sheets(path: Path, sheets: list[tuple[str, list[list[object]], str]]) -> None:
    """Write an XLSX with xlsxwriter: (name, rows, "visible" | "hidden" | "very_hidden")."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    made = []
    for name, rows, state in sheets:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
        made.append((sheet, state))
    first_visible = next(sheet for sheet, state in made if state == "visible")
    first_visible.activate()
    first_visible.set_first_sheet()
    for sheet, state in made:
        if state == "hidden":
            sheet.hide()
        elif state == "very_hidden":
            sheet.very_hidden()
    book.close()


def _loaded_with_note(
    description: str, file_name: str, rows: int, table: str, count: int, note: str
) -> Expected:
    """The expectation of a case whose file loads `rows` rows with `note` in load_log."""
    return {
        "description": description,
        "outcome": "loaded",
        "read": {file_name: rows},
        "tables": {table: count},
        "query": [
            {
                "sql": "SELECT message FROM load_log WHERE file_name = ? AND load_id = 2",
                "params": [file_name],
                "rows": [[note]],
            }
        ],
    }


def xlsx_hidden_first_sheet_with_stale_rows(folder: Path) -> Expected:
    """The first sheet is hidden and holds last quarter's rows; the visible sheet is read."""
    header = PARTICIPATION_HEADER
    stale = [header, ["A1", "O4", 9, "speaker"], ["A2", "O1", 9, "speaker"]]
    _xlsx_with_sheets(
        folder / "participations_WT.xlsx",
        [("Gammel", stale, "hidden"), ("Data", [header, PARTICIPATION_ROW], "visible")],
    )
    return _loaded_with_note(
        "A hidden first sheet with stale rows and a visible data sheet: the visible one is "
        "read; the hidden one is named as not read.",
        "participations_WT.xlsx",
        1,
        "participations",
        5,
        "read from sheet 'Data'; sheet 'Gammel' not read (hidden; 3 rows)",
    )


def xlsx_cover_sheet_with_a_title_cell(folder: Path) -> Expected:
    """A cover sheet first whose 'Title' cell names a column of activities; data on 'Data'."""
    row = dict(VALID_SET["activities"][0], activity_id="A3", partner_clusters="")
    cover = [["Title"], ["Kvartalsrapport Q4"], ["Udarbejdet af CHC"]]
    data = [ACTIVITY_COLUMNS, [row[c] for c in ACTIVITY_COLUMNS]]
    _xlsx_with_sheets(
        folder / "activities_CHC.xlsx", [("Forside", cover, "visible"), ("Data", data, "visible")]
    )
    return _loaded_with_note(
        "A cover sheet ('Title', 'Kvartalsrapport Q4') before the data sheet: the sheet with "
        "the header is read, the cover sheet is named as not read.",
        "activities_CHC.xlsx",
        1,
        "activities",
        3,
        "read from sheet 'Data'; sheet 'Forside' not read (no header row; 3 rows)",
    )


def xlsx_two_data_sheets(folder: Path) -> Expected:
    """Two visible sheets with a header: which to load is unclear; refused naming both."""
    header = PARTICIPATION_HEADER
    _xlsx_with_sheets(
        folder / "participations_WT.xlsx",
        [
            ("2020Q3", [header, PARTICIPATION_ROW], "visible"),
            ("2020Q4", [header, ["A2", "O1", 2, "speaker"]], "visible"),
        ],
    )
    return {
        "description": "Two visible sheets each with a header row: refused, naming both sheets.",
        "outcome": "rejected",
        "message": "participations_WT.xlsx cannot be read: the sheets '2020Q3', '2020Q4' each "
        "hold a header row",
    }


def xlsx_data_only_on_a_very_hidden_sheet(folder: Path) -> Expected:
    """The only header is on a very hidden sheet: refused, naming it and how to unhide."""
    _xlsx_with_sheets(
        folder / "participations_WT.xlsx",
        [
            ("Forside", [["Deltagelser WT"]], "visible"),
            ("Rådata", [PARTICIPATION_HEADER, PARTICIPATION_ROW], "very_hidden"),
        ],
    )
    return {
        "description": "The data is only on a (very) hidden sheet: hidden sheets are not read, "
        "so the file is refused, naming the sheet.",
        "outcome": "rejected",
        "message": "participations_WT.xlsx cannot be read: the data seems to be on the hidden "
        "sheet 'Rådata'",
    }


def ods_by_hand(path: Path, rows: list[list[str]]) -> None:
    """Write a minimal OpenDocument spreadsheet, with LibreOffice's repeated empty rows."""
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    body = "".join(
        "<table:table-row>"
        + "".join(cell.format(value) for value in row)
        + '<table:table-cell table:number-columns-repeated="1020"/></table:table-row>'
        for row in rows
    )
    body += (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Ark1">'
        f'<table:table-column table:number-columns-repeated="1024"/>{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    mimetype = "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


def ods_from_libreoffice(folder: Path) -> Expected:
    """participations_LSI.ods, as LibreOffice writes it (a million repeated empty rows)."""
    ods_by_hand(
        folder / "participations_LSI.ods",
        [PARTICIPATION_HEADER, PARTICIPATION_ROW, ["A2", "O1", "2", "speaker"]],
    )
    return {
        "description": "An OpenDocument spreadsheet (.ods) from LibreOffice is read like XLSX.",
        "outcome": "loaded",
        "read": {"participations_LSI.ods": 2},
        "tables": {"participations": 6},
        "query": [
            {
                "sql": "SELECT encoding FROM load_log WHERE file_name = 'participations_LSI.ods'",
                "rows": [["ods"]],
            }
        ],
    }


def ods_named_xlsx(folder: Path) -> Expected:
    """An .ods renamed to .xlsx: read by its content, with a note (was 'File not found')."""
    ods_by_hand(folder / "participations_LSI.xlsx", [PARTICIPATION_HEADER, PARTICIPATION_ROW])
    return _loaded_with_note(
        "An OpenDocument spreadsheet named .xlsx: read as what it is, noted.",
        "participations_LSI.xlsx",
        1,
        "participations",
        5,
        "read from sheet 'Ark1'; an OpenDocument spreadsheet (.ods) named otherwise: read as .ods",
    )


# --- CSV shapes that cost time or memory (issue 11) ------------------------------------------

NL = "\n"


def csv_million_surplus_cells(folder: Path) -> Expected:
    """One row with a million surplus cells (2 MB): was 30 s and 1.6 GB."""
    text = (
        "activity_id,org_id,participants,role"
        + NL
        + "A1,O2,1,participant"
        + ",x" * 1_000_000
        + NL
        + "A2,O1,2,speaker"
        + NL
    )
    (folder / "participations_x.csv").write_text(text, encoding="utf-8")
    return {
        "description": "A row with a million surplus cells: kept aside unparsed (more cells than "
        "a spreadsheet can hold), the next row loads.",
        "outcome": "loaded",
        "read": {"participations_x.csv": 2},
        "tables": {"participations": 5},
        "quarantine": [{"file": "participations_x.csv", "row": 2, "rule": "field_count"}],
        "query": [
            {
                "sql": "SELECT length(original_value) < 11000, message LIKE '%has 1,000,004 "
                "cells, more than a spreadsheet can hold (16,384)%' FROM quarantine",
                "rows": [[True, True]],
            }
        ],
    }


def csv_row_wider_than_a_spreadsheet_in_quotes(folder: Path) -> Expected:
    """20,000 cells, some quoted with delimiters inside: counted outside the quotes."""
    cells = ",".join(f'"x,{i}"' if i % 2 else "y" for i in range(20_000))
    text = "activity_id,org_id,participants,role" + NL + "A1,O2,1,participant," + cells + NL
    (folder / "participations_x.csv").write_text(text, encoding="utf-8")
    return {
        "description": "A row of 20,004 cells (half of them quoted, with a comma inside).",
        "outcome": "loaded",
        "read": {"participations_x.csv": 1},
        "tables": {"participations": 4},
        "quarantine": [{"file": "participations_x.csv", "row": 2, "rule": "field_count"}],
    }


def csv_header_with_a_million_cells(folder: Path) -> Expected:
    """A header row of a million cells: refused quickly, saying so."""
    header = "activity_id,org_id,participants,role" + ",extra" * 1_000_000
    (folder / "participations_x.csv").write_text(header + NL + "A1,O2,1,participant" + NL)
    return {
        "description": "A header row with a million cells.",
        "outcome": "rejected",
        "message": "participations_x.csv cannot be read: the header row has 1,000,004 cells",
    }


def csv_many_rows_with_surplus_cells(folder: Path) -> Expected:
    """2,000 rows with 50 surplus cells each: each row quarantined, its surplus kept."""
    lines = ["activity_id,org_id,participants,role"]
    lines += [f"A1,X{i},1,participant" + ",s" * 50 for i in range(2_000)]
    (folder / "participations_x.csv").write_text(NL.join(lines) + NL)
    quarantine = []
    for row in range(2, 2_002):  # every row: its surplus, and an organisation that is unknown
        quarantine.append(
            {
                "file": "participations_x.csv",
                "row": row,
                "rule": "field_count",
                "column": "_overflow",
            }
        )
        quarantine.append(
            {"file": "participations_x.csv", "row": row, "rule": "reference", "column": "org_id"}
        )
    return {
        "description": "2,000 rows, each with 50 surplus cells (and an unknown org).",
        "outcome": "loaded",
        "read": {"participations_x.csv": 2_000},
        "tables": {"participations": 4},
        "quarantine": quarantine,
        "query": [
            {
                "sql": "SELECT DISTINCT original_value FROM quarantine WHERE rule = 'field_count'",
                "rows": [[" | ".join(["s"] * 50)]],
            }
        ],
    }


def csv_a_million_blank_lines(folder: Path) -> Expected:
    """Two data rows and a million blank lines after them: counted as skipped."""
    text = "activity_id,org_id,participants,role" + NL + "A1,O2,1,participant" + NL
    text += "A2,O1,2,speaker" + NL + "\r\n" * 1_000_000
    (folder / "participations_x.csv").write_text(text)
    return {
        "description": "A million blank lines after the data: skipped and counted.",
        "outcome": "loaded",
        "read": {"participations_x.csv": 2},
        "tables": {"participations": 6},
        "query": [
            {
                "sql": "SELECT rows_skipped FROM load_log WHERE file_name = 'participations_x.csv'"
                " AND load_id = 2",
                "rows": [[1_000_000]],
            }
        ],
    }


# --- entries of the folder that are not files (issue 11) --------------------------------------


def _not_read(description: str, entry: str, reason: str) -> Expected:
    """The expectation of a case whose one new entry is named in the account as not read."""
    return {
        "description": description,
        "outcome": "loaded",
        "query": [
            {
                "sql": "SELECT entry_name, reason FROM load_skipped WHERE load_id = 2",
                "rows": [[entry, reason]],
            }
        ],
    }


def a_subfolder(folder: Path) -> Expected:
    """A subfolder 2021Q1/ with a data file inside: not read, named with what to do."""
    (folder / "2021Q1").mkdir()
    (folder / "2021Q1" / "targets.csv").write_text("kpi_id,year,scope,target" + NL)
    return _not_read("A subfolder with data files.", "2021Q1/", "folder")


def a_dangling_link(folder: Path) -> Expected:
    """participations_old.csv links to a file that is gone."""
    (folder / "participations_old.csv").symlink_to(folder / "moved_away.csv")
    return _not_read(
        "A symbolic link to a file that no longer exists.",
        "participations_old.csv",
        "dangling_link",
    )


def a_named_pipe(folder: Path) -> Expected:
    """A FIFO named like a data file: never opened (reading it would wait forever)."""
    os.mkfifo(folder / "participations_pipe.csv")
    return _not_read(
        "A named pipe with a data file's name: never opened.",
        "participations_pipe.csv",
        "special_file",
    )


def a_file_name_that_is_not_utf8(folder: Path) -> Expected:
    """outcomes_<0xf8>.csv (a Windows-1252 ø in a name from a zip): loaded, its name escaped."""
    name = os.fsencode(folder) + b"/outcomes_" + bytes([0xF8]) + b".csv"
    with open(name, "wb") as fh:
        fh.write(
            b"org_id,year,new_knowledge,new_product,new_collaboration"
            + NL.encode()
            + b"O3,2020,ja,nej,ja"
            + NL.encode()
        )
    shown = "outcomes_" + chr(92) + "xf8.csv"  # a backslash, then xf8
    return {
        "description": "A file name that is not UTF-8: loaded, shown with the byte escaped "
        "(was: surrogate not allowed).",
        "outcome": "loaded",
        "tables": {"outcomes": 3},
        "query": [
            {
                "sql": "SELECT file_name, rows_loaded FROM load_log WHERE kind = 'outcomes' "
                "AND load_id = 2 AND file_name <> 'outcomes.csv'",
                "rows": [[shown, 1]],
            }
        ],
    }


def generated_cases() -> dict[str, Callable[[Path], Expected]]:
    """Return every generated case by name: the big files and one per required column."""
    cases: dict[str, Callable[[Path], Expected]] = {
        "zip_bomb_xlsx": zip_bomb_xlsx,
        "ten_mb_text_field": ten_mb_text_field,
        "ten_mb_text_field_irregular": ten_mb_text_field_irregular,
        "xlsx_cell_at_xfd1048576": xlsx_cell_at_xfd1048576,
        "xlsx_stray_cell_far_below": xlsx_stray_cell_far_below,
        "xlsx_dimension_claims_the_whole_sheet": xlsx_dimension_claims_the_whole_sheet,
        "xlsx_shared_string_memory_bomb": xlsx_shared_string_memory_bomb,
        "xlsx_hidden_first_sheet_with_stale_rows": xlsx_hidden_first_sheet_with_stale_rows,
        "xlsx_cover_sheet_with_a_title_cell": xlsx_cover_sheet_with_a_title_cell,
        "xlsx_two_data_sheets": xlsx_two_data_sheets,
        "xlsx_data_only_on_a_very_hidden_sheet": xlsx_data_only_on_a_very_hidden_sheet,
        "ods_from_libreoffice": ods_from_libreoffice,
        "ods_named_xlsx": ods_named_xlsx,
        "csv_million_surplus_cells": csv_million_surplus_cells,
        "csv_row_wider_than_a_spreadsheet_in_quotes": csv_row_wider_than_a_spreadsheet_in_quotes,
        "csv_header_with_a_million_cells": csv_header_with_a_million_cells,
        "csv_many_rows_with_surplus_cells": csv_many_rows_with_surplus_cells,
        "csv_a_million_blank_lines": csv_a_million_blank_lines,
        "a_subfolder": a_subfolder,
        "a_dangling_link": a_dangling_link,
        "a_named_pipe": a_named_pipe,
        "a_file_name_that_is_not_utf8": a_file_name_that_is_not_utf8,
    }
    for kind, spec in SPECS.items():
        for column in spec.required:
            cases[f"missing_required_{kind}_{column}"] = missing_required_column(kind, column)
    return cases


def million_rows(folder: Path, activities: int = 1000, organisations: int = 1000) -> int:
    """Write 1000 activities, 1000 organisations and a participation for every pair.

    Returns the number of participation rows written (1,000,000 by default).
    """
    org_columns = list(VALID_SET["organisations"][0])
    with (folder / "organisations_big.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(org_columns) + "\n")
        fh.writelines(
            f"BO{o},Organisation {o},knowledge_institution,,,Hovedstaden,DK\n"
            for o in range(organisations)
        )
    with (folder / "activities_big.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(ACTIVITY_COLUMNS) + "\n")
        fh.writelines(
            f"BA{a},Aktivitet {a},workshop,LSI,,PREVENTION,,2020-01-01,2020-01-01,Nordjylland,"
            "DK,completed,false\n"
            for a in range(activities)
        )
    with (folder / "participations_big.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("activity_id,org_id,participants,role\n")
        for a in range(activities):
            fh.writelines(f"BA{a},BO{o},1,participant\n" for o in range(organisations))
    return activities * organisations
