"""The spreadsheet reader (etl/sheets.py): which sheet is read, and a native crash that cannot
take the load down (issue 11)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from etl import sheets, workbook_archive
from etl.errors import UnreadableFile
from etl.sheets import SheetInfo, choose_sheet, sheet_problem

EXPECTED = {"activity_id", "org_id", "participants", "role"}
BAD_DIR = Path(__file__).resolve().parent / "data" / "bad"


def _generator():
    spec = importlib.util.spec_from_file_location("make_generated", BAD_DIR / "make_generated.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_native_reader_crash_ends_only_its_child_process(tmp_path: Path) -> None:
    """The real 550 GB file, given straight to the child (no check before): the child dies of
    its memory limit (calamine aborts), this process lives on and refuses the file."""
    gen = _generator()
    path = tmp_path / "participations_WT.xlsx"
    gen.xlsx_by_hand(path, [*gen._participation_cells(), ("XFD1048576", "x")])
    with pytest.raises(UnreadableFile) as refused:
        sheets._run_child(path, path.name, EXPECTED, 4)
    assert "reading it needs more than 640 MB of memory" in refused.value.reason
    # the check before the child names the cell instead, without starting the child
    with pytest.raises(UnreadableFile) as checked:
        sheets.read_spreadsheet(path.read_bytes(), path, path.name, EXPECTED, 4)
    assert "reaches cell XFD1048576" in checked.value.reason


def test_the_extent_check_streams_and_counts_only_cells_with_values(tmp_path: Path) -> None:
    gen = _generator()
    path = tmp_path / "p.xlsx"
    # a styled empty cell far away is no value; a value just inside the limit is fine
    gen.xlsx_by_hand(path, [*gen._participation_cells(), ("D500000", "1")])
    with workbook_archive.open_archive(path.read_bytes(), path.name) as archive:
        # 500,000 rows × 4 columns = 2,000,000
        workbook_archive.check_xlsx_extent(archive, path.name)
    gen.xlsx_by_hand(path, [*gen._participation_cells(), ("E500000", "1")])
    with workbook_archive.open_archive(path.read_bytes(), path.name) as archive:
        with pytest.raises(UnreadableFile, match="reaches cell E500000"):
            workbook_archive.check_xlsx_extent(archive, path.name)


def test_an_ods_file_is_read_and_an_ods_named_xlsx_too(tmp_path: Path) -> None:
    gen = _generator()
    for name in ("participations_LSI.ods", "participations_LSI.xlsx"):
        path = tmp_path / name
        gen.ods_by_hand(path, [gen.PARTICIPATION_HEADER, gen.PARTICIPATION_ROW])
        read = sheets.read_spreadsheet(path.read_bytes(), path, name, EXPECTED, 4)
        assert read.file_format == "ods" and read.sheet == "Ark1"
        assert read.rows == [gen.PARTICIPATION_HEADER, gen.PARTICIPATION_ROW]


def _sheet(name: str, hits: int, visible: bool = True, rows: int = 5) -> SheetInfo:
    return SheetInfo(name, visible, rows, 0 if hits else -1, hits)


def test_the_data_sheet_is_the_first_visible_sheet_with_a_header() -> None:
    threshold = sheets.header_threshold(4)  # at least 2 of 4 required columns named
    assert threshold == 2
    cover, data = _sheet("Forside", 1), _sheet("Data", 4)
    hidden = _sheet("Gammel", 4, visible=False)
    assert choose_sheet([cover, data], threshold) == 1
    assert choose_sheet([hidden, data], threshold) == 1
    assert sheet_problem([hidden, data], 1, threshold) is None
    # no sheet reaches the threshold: the visible one naming most is read (so that "lacks the
    # required column" can be said), a cover sheet naming one column included
    assert choose_sheet([cover, _sheet("Noter", 0)], threshold) == 0
    assert choose_sheet([_sheet("Tom", 0)], threshold) is None


def test_ambiguous_or_hidden_data_is_refused_naming_the_sheets() -> None:
    threshold = 2
    two = [_sheet("2020Q3", 4), _sheet("2020Q4", 3)]
    assert "the sheets '2020Q3', '2020Q4' each hold a header row" in sheet_problem(
        two, choose_sheet(two, threshold), threshold
    )
    only_hidden = [_sheet("Forside", 0), _sheet("Rådata", 4, visible=False)]
    problem = sheet_problem(only_hidden, choose_sheet(only_hidden, threshold), threshold)
    assert "hidden sheet 'Rådata'" in problem and "Unhide" in problem
    empty = [_sheet("Ark1", 0, rows=0)]
    assert sheet_problem(empty, None, threshold) == "the sheet 'Ark1' is empty"
