"""Notes on KPIs: storage, history, permissions, concurrency and the `healthtech notes` CLI."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl.cli import main as healthtech
from warehouse import notes
from warehouse.notes import NoteError, NotePermissionError, NoteWriter

ROOT = Path(__file__).resolve().parents[1]
STEERING = NoteWriter("formand@region.dk", "steering")
LSI_LEAD = NoteWriter("lead@lsi.dk", "cluster_lead", "LSI")
MINISTRY = NoteWriter("officer@ufm.dk", "ministry")
OPEN = NoteWriter("local@localhost.dk", "open")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "notes.sqlite"


def test_add_edit_and_history(path):
    note_id = notes.add_note(
        2020,
        "G1.companies",
        "ALL",
        "Bagud: to workshops aflyst (corona)",
        STEERING,
        action="Ekstra matchmaking i Q4",
        owner="Sekretariat@DanishHealthtech.dk",
        due="2020-11-30",
        path=path,
    )
    assert notes.edit_note(note_id, LSI_LEAD.__class__("b@c.dk", "steering"), text="Ny", path=path)
    assert notes.edit_note(note_id, STEERING, action=None, path=path) == 3
    current = notes.list_notes(path=path)
    assert len(current) == 1
    row = current.iloc[0]
    # the latest version: new text, action removed, owner (lower-cased) and due kept
    assert (row.text, row.action, row.owner, row.due) == (
        "Ny",
        None,
        "sekretariat@danishhealthtech.dk",
        "2020-11-30",
    )
    assert (row.created_by, row.edited_by, row.version) == ("formand@region.dk", STEERING.email, 3)
    history = notes.note_history(note_id, path=path)
    assert history["version"].tolist() == [1, 2, 3]
    assert history["text"].tolist() == ["Bagud: to workshops aflyst (corona)", "Ny", "Ny"]
    assert history["action"].tolist() == ["Ekstra matchmaking i Q4"] * 2 + [None]
    assert history["edited_by"].tolist() == ["formand@region.dk", "b@c.dk", "formand@region.dk"]


def test_nothing_is_ever_overwritten_or_deleted(path):
    note_id = notes.add_note(2020, "G2.activities", "WT", "Første", STEERING, path=path)
    with sqlite3.connect(path) as con:
        for statement in (
            "UPDATE note_versions SET text = 'x'",
            "DELETE FROM note_versions",
            "UPDATE notes SET scope = 'LSI'",
            "DELETE FROM notes",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="never"):
                con.execute(statement)
    assert notes.list_notes(path=path).iloc[0].text == "Første"
    with pytest.raises(NoteError, match="changes nothing"):
        notes.edit_note(note_id, STEERING, text="Første", path=path)


def test_filters_and_order(path):
    notes.add_note(2020, "G1.smes", "LSI", "b", STEERING, path=path)
    notes.add_note(2019, "G1.smes", "ALL", "a", STEERING, path=path)
    notes.add_note(2020, "G1.companies", "LSI", "c", STEERING, path=path)
    notes.add_note(2020, "G1.smes", "CHC", "d", STEERING, path=path)
    assert notes.list_notes(path=path)["text"].tolist() == ["a", "c", "d", "b"]
    assert notes.list_notes(2020, "G1.smes", path=path)["text"].tolist() == ["d", "b"]
    assert notes.list_notes(scope="LSI", path=path)["text"].tolist() == ["c", "b"]
    assert notes.list_notes(2021, path=path).empty


def test_reading_a_missing_file_creates_nothing(tmp_path):
    missing = tmp_path / "none" / "notes.sqlite"
    assert notes.list_notes(path=missing).empty
    assert list(notes.list_notes(path=missing).columns) == list(notes.COLUMNS)
    assert notes.note_history(1, path=missing).empty
    assert not missing.exists() and not missing.parent.exists()


def test_notes_file_is_beside_the_warehouse_or_named(tmp_path, monkeypatch):
    monkeypatch.delenv(notes.ENV_NOTES, raising=False)
    assert notes.notes_path(tmp_path / "wh" / "h.duckdb") == tmp_path / "wh" / "notes.sqlite"
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(tmp_path / "other" / "x.duckdb"))
    assert notes.notes_path() == tmp_path / "other" / "notes.sqlite"
    monkeypatch.setenv(notes.ENV_NOTES, str(tmp_path / "elsewhere.sqlite"))
    assert notes.notes_path() == tmp_path / "elsewhere.sqlite"


# --- permissions ------------------------------------------------------------------------------


def test_who_may_write_what(path):
    assert notes.writable_scopes(STEERING) == ["ALL", "LSI", "MTIC", "WT", "CHC"]
    assert notes.writable_scopes(OPEN) == ["ALL", "LSI", "MTIC", "WT", "CHC"]
    assert notes.writable_scopes(LSI_LEAD) == ["LSI"]
    assert notes.writable_scopes(MINISTRY) == []
    assert notes.writable_scopes(NoteWriter("x@y.dk", "cluster_lead", None)) == []
    assert notes.writable_scopes(NoteWriter("x@y.dk", "administrator")) == []

    own = notes.add_note(2020, "G1.smes", "LSI", "egen klynge", LSI_LEAD, path=path)
    for scope in ("ALL", "MTIC", "CHC"):
        with pytest.raises(NotePermissionError):
            notes.add_note(2020, "G1.smes", scope, "andres", LSI_LEAD, path=path)
    with pytest.raises(NotePermissionError):
        notes.add_note(2020, "G1.smes", "ALL", "læser kun", MINISTRY, path=path)
    national = notes.add_note(2020, "G1.smes", "ALL", "styregruppen", STEERING, path=path)
    # a cluster lead may edit a note of their own cluster, not a national one
    assert notes.edit_note(own, LSI_LEAD, text="rettet", path=path) == 2
    with pytest.raises(NotePermissionError):
        notes.edit_note(national, LSI_LEAD, text="kapret", path=path)
    with pytest.raises(NotePermissionError):
        notes.edit_note(own, MINISTRY, text="kapret", path=path)
    assert sorted(notes.list_notes(path=path)["text"]) == ["rettet", "styregruppen"]


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"text": ""}, "empty"),
        ({"text": " \n\t "}, "empty"),
        ({"text": "x" * (notes.MAX_TEXT + 1)}, "too_long"),
        ({"text": "bell\x07"}, "control"),
        ({"text": "nul\x00byte"}, "control"),
        ({"action": "a" * (notes.MAX_ACTION + 1)}, "too_long"),
        ({"owner": "not an address"}, "email"),
        ({"due": "31-12-2020"}, "due"),
        ({"due": "2020-02-30"}, "due"),
        ({"kpi_id": "G9.unknown"}, "kpi"),
        ({"scope": "lsi"}, "scope"),
        ({"scope": "Nordjylland"}, "scope"),
        ({"year": 1999}, "year"),
        ({"year": "twenty"}, "year"),
    ],
)
def test_bad_notes_are_refused_with_a_reason(path, kwargs, code):
    args = {"year": 2020, "kpi_id": "G1.smes", "scope": "ALL", "text": "ok"} | kwargs
    with pytest.raises(NoteError) as info:
        notes.add_note(writer=STEERING, path=path, **args)
    assert info.value.code == code
    assert notes.list_notes(path=path).empty


def test_text_is_kept_literally(path):
    text = "<script>alert(1)</script> **fed** [link](javascript:x) =SUM(A1) æøå\nlinje 2"
    note_id = notes.add_note(2020, "G1.smes", "ALL", f"  {text}\r\n", STEERING, path=path)
    assert notes.list_notes(path=path).iloc[0].text == text
    assert notes.note_history(note_id, path=path).iloc[0].text == text


def test_author_must_be_an_address(path):
    with pytest.raises(NoteError, match="e-mail"):
        notes.add_note(2020, "G1.smes", "ALL", "x", NoteWriter("nobody", "steering"), path=path)


def test_backup_while_in_use(path, tmp_path):
    notes.add_note(2020, "G1.smes", "ALL", "gemt", STEERING, path=path)
    copy = notes.backup_notes(tmp_path / "backup.sqlite", path=path)
    assert notes.list_notes(path=copy).iloc[0].text == "gemt"
    with pytest.raises(NoteError, match="exists"):
        notes.backup_notes(copy, path=path)


# --- concurrency and faults (real processes) --------------------------------------------------

WRITER = """
import sys
from warehouse import notes
path, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
writer = notes.NoteWriter(who + "@example.dk", "steering")
for i in range(count):
    note_id = notes.add_note(2020, "G2.activities", "ALL", f"{who} {i}", writer, path=path)
    notes.edit_note(1, writer, text=f"{who} edit {i}", path=path)
    print(note_id, flush=True)
"""


def _writer(path: Path, who: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), who, str(count)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_writers_at_once_lose_nothing(path):
    notes.add_note(2020, "G2.activities", "ALL", "shared", STEERING, path=path)
    procs = [_writer(path, who, 40) for who in ("alpha", "beta")]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    ids = [int(x) for out in outputs for x in out.split()]
    assert len(ids) == len(set(ids)) == 80
    current = notes.list_notes(path=path)
    assert len(current) == 81
    own = current[current.note_id != 1]
    for who in ("alpha", "beta"):
        assert sorted(own[own.text.str.startswith(f"{who} ")].text) == sorted(
            f"{who} {i}" for i in range(40)
        )
    # the shared note got all 80 edits as versions 2..81, none lost or doubled
    assert notes.note_history(1, path=path)["version"].tolist() == list(range(1, 82))


def test_a_load_while_notes_are_written(tmp_path):
    from etl.load import load_warehouse

    warehouse = tmp_path / "wh" / "healthtech.duckdb"
    warehouse.parent.mkdir()
    path = notes.notes_path(warehouse)
    notes.add_note(2020, "G2.activities", "ALL", "before the load", STEERING, path=path)
    proc = _writer(path, "during", 30)
    result = load_warehouse(ROOT / "tests" / "data" / "kpi_fixture", warehouse)
    out = proc.communicate(timeout=300)[0]
    assert result.status == "loaded", result.message
    assert proc.returncode == 0 and len(out.split()) == 30
    assert len(notes.list_notes(path=path)) == 31
    current = notes.list_notes(path=path).set_index("note_id")
    assert current.loc[1, "text"] == "during edit 29"
    # a second load replaces the warehouse file; the notes file is not touched
    before = path.read_bytes()
    assert load_warehouse(ROOT / "tests" / "data" / "kpi_fixture", warehouse).status == "loaded"
    assert path.read_bytes() == before


def test_sigkill_during_writes_keeps_every_committed_note(path):
    notes.add_note(2020, "G2.activities", "ALL", "shared", STEERING, path=path)
    proc = _writer(path, "killed", 100_000)
    committed = []
    assert proc.stdout is not None
    while len(committed) < 25:
        line = proc.stdout.readline()
        assert line, "the writer stopped early"
        committed.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    time.sleep(0.1)
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    current = notes.list_notes(path=path)
    assert set(committed) <= set(current["note_id"])
    # and the file takes new notes afterwards
    assert notes.add_note(2020, "G2.activities", "ALL", "after", STEERING, path=path) > 0


# --- the command line -------------------------------------------------------------------------


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = healthtech(["notes", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_list_edit_history(capsys, path):
    code, out, _ = run_cli(
        capsys,
        "--notes",
        str(path),
        "add",
        "--year",
        "2020",
        "--kpi",
        "G3.cross_cluster",
        "--cluster",
        "MTIC",
        "--author",
        "sekretaer@dh.dk",
        "--text",
        '=HYPERLINK("http://x")',
        "--action",
        "Fælles workshop med WT",
        "--owner",
        "lead@mtic.dk",
        "--due",
        "2020-10-01",
    )
    assert code == 0 and out.strip() == "1"
    code, out, _ = run_cli(capsys, "--notes", str(path), "list", "--format", "json")
    [row] = json.loads(out)
    assert (row["scope"], row["owner"], row["due"], row["created_by"]) == (
        "MTIC",
        "lead@mtic.dk",
        "2020-10-01",
        "sekretaer@dh.dk",
    )
    code, out, _ = run_cli(capsys, "--notes", str(path), "list", "--format", "csv")
    assert code == 0 and "'=HYPERLINK" in out  # a spreadsheet shows it as text
    code, out, _ = run_cli(
        capsys, "--notes", str(path), "edit", "1", "--author", "b@dh.dk", "--due", ""
    )
    assert code == 0 and "version 2" in out
    code, out, _ = run_cli(capsys, "--notes", str(path), "history", "1")
    assert code == 0 and "b@dh.dk" in out and "2020-10-01" in out
    code, out, _ = run_cli(capsys, "--notes", str(path), "list", "--cluster", "ALL")
    assert code == 0 and out.strip() == "No notes."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kpi", "G1.nope"], "unknown KPI 'G1.nope'"),
        (["--kpi", "G1.smes", "--cluster", "XYZ"], "unknown cluster 'XYZ'"),
        (["--kpi", "G1.smes", "--text", "   "], "the note is empty"),
        (["--kpi", "G1.smes", "--due", "2020-13-01"], "not a date"),
        (["--kpi", "G1.smes", "--owner", "ejer"], "not an e-mail address"),
    ],
)
def test_cli_bad_input_exits_2_with_a_message(capsys, path, args, message):
    base = {"--year": "2020", "--author": "a@b.dk", "--text": "tekst"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    argv = [x for k, v in (base | given).items() for x in (k, v)]
    code, out, err = run_cli(capsys, "--notes", str(path), "add", *argv)
    assert code == 2 and message in err and out == ""
    assert "Traceback" not in err
    assert notes.list_notes(path=path).empty


def test_cli_edit_and_list_errors(capsys, path):
    code, _, err = run_cli(capsys, "--notes", str(path), "edit", "7", "--author", "a@b.dk")
    assert code == 2 and "give --text" in err
    code, _, err = run_cli(
        capsys, "--notes", str(path), "edit", "7", "--author", "a@b.dk", "--text", "x"
    )
    assert code == 2 and "no note 7" in err
    code, _, err = run_cli(capsys, "--notes", str(path), "list", "--kpi", "nope")
    assert code == 2 and "unknown KPI" in err
    path.write_text("this is not a database")
    code, _, err = run_cli(capsys, "--notes", str(path), "list")
    assert code == 2 and "cannot be used" in err
