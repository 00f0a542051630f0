"""English without raw codes (issue 15): every page in English, with its choices exercised,
shows no Danish word and no snake_case code; every code has a label in both languages.

The visible text of a run is collected from AppTest's element tree: every text of every element
(titles, captions, labels, options, help, placeholders, metrics, buttons), the cells and headings
of every table, and the texts of every chart (titles, axis titles, legend names, hover templates,
category values). Data that are proper names are allowed to be Danish: organisation names,
activity titles, file names, cluster names, and the table columns that hold the input's own
values (quarantined values, the input file's column names and the load's messages).
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from tests import scopekit
from ui import i18n
from ui.export import EXPLORER_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
TIMEOUT = 120

#: Danish words that never belong in the English interface (whole words, any case).
DANISH_WORDS = (
    "og",
    "af",
    "ikke",
    "eller",
    "ingen",
    "alle",
    "med",
    "til",
    "fra",
    "er",
    "på",
    "pr",
    "kr",
    "klynge",
    "klynger",
    "aktiviteter",
    "aktivitet",
    "virksomheder",
    "deltagere",
    "deltagelser",
    "organisationer",
    "indlæst",
    "indlæsning",
    "rækker",
    "række",
    "tema",
    "temaer",
    "opfyldt",
    "bagud",
    "sporet",
    "måned",
    "kvartal",
    "beløb",
    "tildelt",
    "forbrugt",
    "hent",
    "vis",
    "vælg",
    "antal",
    "samarbejde",
    "finansiering",
    "udforsk",
    "datakvalitet",
    "overblik",
    "regioner",
    "karantæne",
    "filer",
    "kolonne",
    "værdi",
    "lande",
    "mål",
    "rolle",
    "deltager",
    "arrangør",
    "oplægsholder",
    "forhold",
    "opgjort",
    "enhed",
    "periode",
)
DANISH_LETTERS = re.compile("[æøåÆØÅ]")
DANISH_WORD = re.compile(r"(?<![\w-])(" + "|".join(DANISH_WORDS) + r")(?![\w-])", re.IGNORECASE)
SNAKE_CASE = re.compile(r"(?<![\w.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|xlsx|zip|pdf|toml|md)\b", re.IGNORECASE)
#: Table columns that hold the input's own values (English headings of the Data quality page).
DATA_COLUMNS = {"Title", "Organisation", "File", "Value", "Column", "Message"}
#: Keys of element protos that are not visible text.
HIDDEN_KEYS = {
    "id",
    "icon",
    "type",
    "deferredFileId",
    "url",
    "formId",
    "spec",
    "theme",
    "selectionMode",
    "config",
    "format",
    "language",
    "min",
    "max",
    "value",
    "default",
    "rawValue",
    "data",
    "arrowData",
    "columns",
    "styler",
    "editingMode",
    "columnOrder",
    "height",
    "width",
    "widthConfig",
    "heightConfig",
    "borderMode",
    "sortMode",
}


def proper_names() -> list[str]:
    """Data that may be Danish anywhere: organisation names, activity titles, cluster names."""
    names = []
    for kind, column in (("organisations", "name"), ("activities", "title")):
        with (scopekit.KPI_FIXTURE_DIR / f"{kind}.csv").open(encoding="utf-8") as fh:
            names += [row[column] for row in csv.DictReader(fh)]
    from warehouse.reference import labels

    names += list(labels("cluster").values())
    return sorted(names, key=len, reverse=True)


PROPER_NAMES = proper_names()


def leaves(node):
    children = getattr(node, "children", None)
    if children:
        for child in children.values() if isinstance(children, dict) else children:
            yield from leaves(child)
    else:
        yield node


def _strings(value, skip=HIDDEN_KEYS):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in skip:
                yield from _strings(inner, skip)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, skip)


def chart_texts(spec: str):
    """The texts a plotly chart shows: titles, axis titles, legend names, hover templates,
    category values and cell texts (not colours, symbols or the codes in customdata)."""
    figure = json.loads(spec)
    for trace in figure.get("data", []):
        for key in ("name", "text", "hovertemplate", "x", "y", "labels", "texttemplate"):
            for text in _strings(trace.get(key), set()):
                yield re.sub(r"%\{[^}]*\}|<[^>]+>", " ", text)
    layout = figure.get("layout", {})

    def titles(node):
        if isinstance(node, dict):
            for key, inner in node.items():
                if key in ("text", "ticktext") and isinstance(inner, str | list):
                    yield from _strings(inner, set())
                elif key == "title" and isinstance(inner, str):
                    yield inner
                elif key != "template":
                    yield from titles(inner)
        elif isinstance(node, list):
            for inner in node:
                yield from titles(inner)

    yield from titles(layout)


def visible_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) of everything the run shows."""
    found = []
    for node in leaves(at._tree):
        kind = getattr(node, "type", type(node).__name__)
        if kind in ("dataframe", "table"):
            frame = node.value
            found += [(kind, str(c)) for c in frame.columns]
            found += [(kind, str(i)) for i in frame.index if isinstance(i, str)]
            if frame.index.name:
                found.append((kind, str(frame.index.name)))
            for column in frame.columns:
                if str(column) in DATA_COLUMNS:
                    continue
                found += [(f"{kind}[{column}]", v) for v in frame[column] if isinstance(v, str)]
            continue
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        if kind == "plotly_chart":
            found += [(kind, text) for text in chart_texts(proto.spec)]
            continue
        found += [(kind, text) for text in _strings(MessageToDict(proto))]
    return found


def problems(texts: list[tuple[str, str]]) -> list[str]:
    """The Danish words, Danish letters and snake_case codes in `texts` (proper names and file
    names taken out first)."""
    found = []
    for where, text in texts:
        clean = FILE_NAME.sub(" ", text)
        for name in PROPER_NAMES:
            clean = clean.replace(name, " ")
        for pattern, what in (
            (DANISH_LETTERS, "Danish letter"),
            (DANISH_WORD, "Danish word"),
            (SNAKE_CASE, "code"),
        ):
            for match in pattern.finditer(clean):
                found.append(f"{what} {match.group(0)!r} in {where}: {text[:120]!r}")
    return sorted(set(found))


def test_the_checker_finds_danish_and_codes():
    bad = [
        ("caption", "Sjælland er ikke partnerregion"),
        ("chart", "inkind_dkk"),
        ("dataframe[Role]", "participant_role"),
        ("metric", "Antal"),
    ]
    found = " ".join(problems(bad))
    for word in ("'æ'", "'ikke'", "'inkind_dkk'", "'participant_role'", "'Antal'"):
        assert word in found
    fine = [("x", "Sjællandsk Sundhed ApS took part"), ("x", "participations_LSI_2020Q4.csv")]
    assert problems(fine) == []


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return scopekit.build_warehouse(tmp_path_factory.mktemp("english"))


@pytest.fixture
def app(monkeypatch, warehouse):
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(warehouse))
    monkeypatch.delenv("HEALTHTECH_OPEN_MODE", raising=False)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"lang": "en", "year": "2020", "asof": "2020-12-31"})
    at.run()
    return at


def check(at: AppTest, seen: list[str], label: str) -> list[str]:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    texts = visible_texts(at)
    seen += [f"{label}: {p}" for p in problems(texts)]
    return [text for _, text in texts]


def pick(at: AppTest, key: str, value) -> None:
    widget = at.get("selectbox") + at.get("radio") + at.get("button_group")
    for w in widget:
        if getattr(w, "key", None) == key:
            w.set_value(value).run()
            return
    raise AssertionError(f"no widget {key}")


def test_every_page_in_english_shows_no_danish_and_no_codes(app):
    at, seen = app, []
    shown = check(at, seen, "overview")
    assert "Overview" in shown and "Knowledge-bridge activities" in shown, "the texts are read"
    for kpi_id in (
        "G2.activities",
        "G1.inkind_dkk",
        "G3.outside_region_pct",
        "F.cofinancing_ratio",
    ):
        at.selectbox(key="overview_burnup_kpi").set_value(kpi_id).run()
        shown = check(at, seen, f"overview burn-up {kpi_id}")
    assert "Ratio" in shown, "the burn-up's y-axis names the unit"
    at.switch_page("pages/regions.py").run()
    shown = check(at, seen, "regions")
    assert "Region Zealand is not a partner region, but its organisations take part." in shown
    at.switch_page("pages/themes.py").run()
    for measure in ("activities", "participants", "companies"):
        pick(at, "themes_measure", measure)
        for grain in ("year", "month"):
            pick(at, "themes_grain", grain)
            check(at, seen, f"themes {measure} {grain}")
    at.switch_page("pages/collaboration.py").run()
    check(at, seen, "collaboration")
    at.switch_page("pages/funding.py").run()
    for by in ("cluster", "quarter", "category"):
        pick(at, "funding_by", by)
        check(at, seen, f"funding by {by}")
    pick(at, "funding_inkind_measure", "hours")
    check(at, seen, "funding hours")
    at.switch_page("pages/explorer.py").run()
    shown = check(at, seen, "explorer")
    assert "Participant" in shown and "Germany" in shown, "roles and countries have names"
    for measure in ("activities", "participations", "organisations", "inkind_dkk"):
        pick(at, "ex_measure", measure)
        check(at, seen, f"explorer measure {measure}")
    for row_dim, col_dim in (("country", "sme"), ("status", "org_type"), ("technology", "month")):
        pick(at, "ex_rows", row_dim)
        pick(at, "ex_cols", col_dim)
        check(at, seen, f"explorer {row_dim} x {col_dim}")
    at.switch_page("pages/data_quality.py").run()
    check(at, seen, "data quality")
    at.switch_page("pages/ministry_report.py").run()
    check(at, seen, "report")
    assert seen == []


def test_explorer_downloads_in_english_carry_labels(app, monkeypatch):
    from streamlit.runtime.media_file_manager import MediaFileManager

    made = []
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made.append((file_name, data_callable))
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    app.switch_page("pages/explorer.py").run()
    app.date_input(key="ex_dates").set_value((date(2020, 1, 1), date(2020, 12, 31))).run()
    rows = scopekit.csv_rows(next(build() for name, build in made if name.endswith(".csv")))
    assert rows and set(rows[0]) == {en for _, en in EXPLORER_COLUMNS.values()}
    texts = [
        (column, value)
        for row in rows
        for column, value in row.items()
        if column not in ("Title", "Organisation")
    ]
    assert problems(texts) == []
    roles = {row["Role"] for row in rows}
    assert {"Participant", "Speaker", "Partner", "Organiser"} <= roles
    a03 = next(row for row in rows if row["Activity id"] == "A03")
    assert a03["Partner clusters"] == "Copenhagen Healthtech Cluster, LifeScience Innovation"
    a04 = next(row for row in rows if row["Activity id"] == "A04")
    assert a04["Host country"] == "Germany"


def test_every_code_has_a_label_in_both_languages():
    from etl.messages import RULE_MESSAGES
    from warehouse.kpi_catalogue import kpi_catalogue_frame
    from warehouse.reference import PARTICIPATION_ROLES
    from warehouse.vocabulary import STATUSES

    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = architecture.split("Quarantine rules", 1)[1].split("\n\n", 2)[1]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", table, re.MULTILINE))
    rules = documented | set(RULE_MESSAGES)
    assert len(documented) >= 18, "the rule table of docs/architecture.md was found"
    from report.data import RULE_DA

    for rule in sorted(rules):
        assert rule in i18n.ENUMS["rule"], f"no dashboard label for the quarantine rule {rule}"
        assert rule in RULE_DA, f"no report label for the quarantine rule {rule}"
    for status in STATUSES:
        assert status in i18n.STATUS, f"no label for the KPI status {status}"
    for role in PARTICIPATION_ROLES:
        assert role in i18n.ENUMS["participation_role"], role
    for unit in set(kpi_catalogue_frame()["unit"]):
        assert unit in i18n.ENUMS["unit"], f"no label for the unit {unit}"
    for enum, codes in i18n.ENUMS.items():
        for code, (da, en) in codes.items():
            assert da and en, (enum, code)
            assert not DANISH_LETTERS.search(en), (enum, code, en)
    for key, (da, en) in i18n.TEXT.items():
        assert da and en and not DANISH_LETTERS.search(en), key
    names = i18n.countries()
    assert len(names) == 249
    assert names["DK"] == ("Danmark", "Denmark") and names["DE"] == ("Tyskland", "Germany")
