"""The sample-data generator (`healthtech sample`, etl/sample.py, docs/sample-data.md).

The files are read back here with plain pandas (not with the loader), so that these tests check
the generator against the input contract (docs/loading.md, docs/domain.md) on their own.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from etl.sample import DELIBERATE_DEFECTS, generate_sample
from etl.sample_formats import COLUMNS
from etl.sample_network import MARKETS
from warehouse.kpi import kpi_table

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "sample_data"
CVR_WEIGHTS = np.array([2, 7, 6, 5, 4, 3, 2, 1])
REGIONS = {"Nordjylland", "Midtjylland", "Syddanmark", "Hovedstaden", "Sjælland"}
CLUSTERS = {"LSI", "MTIC", "WT", "CHC"}
KPI_IDS = {
    "G1.companies", "G1.smes", "G1.companies_with_knowledge", "G1.inkind_dkk", "G1.new_products",
    "G2.activities", "G2.user_involving", "G2.healthcare_orgs", "G3.cross_cluster",
    "G3.cross_regional_projects", "G3.outside_region_pct", "G4.international_activities",
    "G4.international_orgs", "G4.companies_international", "F.applications", "F.granted_dkk",
    "F.grant_utilisation_pct", "F.cofinancing_ratio",
}  # fmt: skip
NUMERIC = {
    "employees", "participants", "hours", "hourly_rate_dkk", "year", "quarter", "amount_dkk",
    "amount_applied_dkk", "amount_granted_dkk", "target",
}  # fmt: skip
DATES = {"start_date", "end_date", "submitted_date"}
BOOLS = {"users_involved", "new_knowledge", "new_product", "new_collaboration"}
TRUE, FALSE = {"true", "1", "yes", "ja"}, {"false", "0", "no", "nej"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample1")
    generate_sample(out, scale=1, seed=2019)
    return out


def _read_file(path: Path) -> pd.DataFrame:
    """Read one sample file as text cells (numbers, dates, booleans still raw) plus `_row`."""
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        cells = [["" if v is None else v for v in row] for row in rows[1:]]
        frame = pd.DataFrame(cells, columns=[str(c) for c in rows[0]])
        for col in frame.columns:
            frame[col] = [
                v.date().isoformat() if hasattr(v, "date") else f"{v:.2f}" if isinstance(v, float)
                else str(v) for v in frame[col]
            ]  # fmt: skip
        sep = ","
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        sep = ";" if text.split("\n", 1)[0].count(";") > 0 else ","
        frame = pd.read_csv(pd.io.common.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    frame["_row"] = np.arange(2, len(frame) + 2)
    frame.attrs["comma"] = sep == ";"
    return frame


def _number(frame: pd.DataFrame, col: str) -> pd.Series:
    text = frame[col]
    if frame.attrs["comma"]:
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(text.replace("", np.nan), errors="raise")


def _date(text: pd.Series) -> pd.Series:
    iso = text.str.replace(r"^(\d\d)[-.](\d\d)[-.](\d{4})$", r"\3-\2-\1", regex=True)
    return pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    """Each kind as one frame with `_file` and `_row`; files in name order."""
    frames: dict[str, list[pd.DataFrame]] = {}
    for path in sorted(folder.iterdir()):
        kind = path.name.split("_")[0].split(".")[0]
        frame = _read_file(path)
        for col in NUMERIC & set(frame.columns):
            frame[col] = _number(frame, col)
        frame["_file"] = path.name
        frames.setdefault(kind, []).append(frame)
    return {k: pd.concat(v, ignore_index=True) for k, v in frames.items()}


def _cvr_ok(cvr: str) -> bool:
    return (
        bool(re.fullmatch(r"\d{8}", cvr))
        and int(np.dot([int(c) for c in cvr], CVR_WEIGHTS)) % 11 == 0
    )


def _violations(t: dict[str, pd.DataFrame]) -> set[tuple[str, int, str, str]]:
    """Every row that breaks an input rule (docs/loading.md): (file, row, column, rule)."""
    bad: set[tuple[str, int, str, str]] = set()

    def flag(frame: pd.DataFrame, mask: pd.Series, column: str, rule: str) -> None:
        for f, r in zip(frame.loc[mask, "_file"], frame.loc[mask, "_row"], strict=True):
            bad.add((f, int(r), column, rule))

    o = t["organisations"]
    dk = o["country"] == "DK"
    flag(o, o["org_id"].duplicated(), "org_id", "unique")
    flag(o, dk & (o["org_type"] == "company") & ~o["cvr"].map(_cvr_ok), "cvr", "cvr_checksum")
    flag(o, dk != o["region"].isin(REGIONS), "region", "region_for_country")
    flag(o, o["employees"] < 0, "employees", "range")
    orgs = set(o["org_id"])

    a = t["activities"]
    flag(a, a["activity_id"].duplicated(), "activity_id", "unique")
    start, end = _date(a["start_date"]), _date(a["end_date"])
    flag(a, start.isna() | end.isna(), "start_date", "date_format")
    flag(a, end < start, "end_date", "end_before_start")
    partners = a["partner_clusters"].str.replace(",", ";").str.split(";")
    partners = partners.map(lambda items: [i.strip() for i in items if i.strip()])
    flag(a, pd.Series([ld in p for ld, p in zip(a["lead_cluster"], partners, strict=True)]),
         "partner_clusters", "partner_is_lead")  # fmt: skip
    flag(a, ~partners.map(lambda p: set(p) <= CLUSTERS), "partner_clusters", "enum")
    flag(a, ~a["lead_cluster"].isin(CLUSTERS), "lead_cluster", "enum")
    flag(a, ~a["status"].isin(["planned", "completed", "cancelled"]), "status", "enum")
    flag(a, ~a["users_involved"].str.lower().isin(TRUE | FALSE), "users_involved", "boolean_format")
    flag(a, (a["region"] != "") & ~a["region"].isin(REGIONS), "region", "enum")
    activities = set(a["activity_id"])

    p = t["participations"]
    flag(p, p.duplicated(["activity_id", "org_id"]), "activity_id", "unique")
    flag(p, ~p["activity_id"].isin(activities), "activity_id", "reference")
    flag(p, ~p["org_id"].isin(orgs), "org_id", "reference")
    flag(p, p["participants"] < 1, "participants", "range")

    i = t["inkind"]
    flag(i, i["entry_id"].duplicated(), "entry_id", "unique")
    flag(i, ~i["activity_id"].isin(activities), "activity_id", "reference")
    flag(i, ~i["org_id"].isin(orgs), "org_id", "reference")
    flag(i, (i["hours"] <= 0) | (i["hours"] > 744), "hours", "range")
    flag(i, i["hourly_rate_dkk"] > 600, "hourly_rate_dkk", "rate_cap")
    flag(i, ~i["month"].str.fullmatch(r"20(19|20)-(0[1-9]|1[0-2])"), "month", "date_format")

    f = t["funding"]
    flag(f, f["funding_id"].duplicated(), "funding_id", "unique")
    flag(f, (f["source"] == "region") != f["region"].isin(REGIONS), "region", "required")
    flag(f, ~f["quarter"].isin([1, 2, 3, 4]) | (f["amount_dkk"] < 0), "quarter", "range")

    ap = t["applications"]
    flag(ap, ap["application_id"].duplicated(), "application_id", "unique")
    flag(ap, _date(ap["submitted_date"]).isna(), "submitted_date", "date_format")
    flag(ap, ~ap["activity_id"].isin(activities), "activity_id", "reference")
    flag(ap, ~ap["lead_org_id"].isin(orgs), "lead_org_id", "reference")
    granted = ap["status"] == "granted"
    amount = ap["amount_granted_dkk"].fillna(0)
    flag(ap, granted != (amount > 0), "amount_granted_dkk", "granted_amount")

    oc = t["outcomes"]
    flag(oc, oc.duplicated(["org_id", "year"]), "org_id", "unique")
    flag(oc, ~oc["org_id"].isin(orgs), "org_id", "reference")

    tg = t["targets"]
    flag(tg, ~tg["kpi_id"].isin(KPI_IDS), "kpi_id", "unknown_kpi")
    flag(tg, tg.duplicated(["kpi_id", "year", "scope"]), "kpi_id", "unique")
    return bad


def test_every_row_valid_except_the_deliberate_defects(generated: Path) -> None:
    tables = _tables(generated)
    expected = {(d["file"], d["row"], d["column"], d["rule"]) for d in DELIBERATE_DEFECTS}
    assert _violations(tables) == expected
    assert {d["rule"] for d in DELIBERATE_DEFECTS} == {
        "cvr_checksum", "rate_cap", "reference", "unique", "date_format",
    }  # fmt: skip


def test_defects_do_not_cascade(generated: Path) -> None:
    t = _tables(generated)
    defect = next(d for d in DELIBERATE_DEFECTS if d["rule"] == "cvr_checksum")
    orgs = t["organisations"]
    dormant = orgs.loc[orgs["_row"] == defect["row"], "org_id"].item()
    for kind, column in [
        ("participations", "org_id"),
        ("inkind", "org_id"),
        ("applications", "lead_org_id"),
        ("outcomes", "org_id"),
    ]:
        assert dormant not in set(t[kind][column]), kind
    # the duplicate entry_id: the first occurrence comes earlier in the same file
    dup = next(d for d in DELIBERATE_DEFECTS if d["rule"] == "unique")
    ink = t["inkind"]
    entry = ink.loc[(ink["_file"] == dup["file"]) & (ink["_row"] == dup["row"]), "entry_id"].item()
    rows = ink.loc[ink["entry_id"] == entry, ["_file", "_row"]]
    assert len(rows) == 2 and rows["_row"].min() < dup["row"]


def test_deterministic_and_seed_dependent(generated: Path, tmp_path: Path) -> None:
    again = generate_sample(tmp_path / "again", scale=1, seed=2019)
    other = generate_sample(tmp_path / "other", scale=1, seed=7)
    assert sorted(p.name for p in again) == sorted(p.name for p in generated.iterdir())
    for path in again:
        assert path.read_bytes() == (generated / path.name).read_bytes(), path.name
    differ = [p.name for p in other if p.read_bytes() != (generated / p.name).read_bytes()]
    assert len(differ) >= len(other) - 1  # every file but perhaps one tiny one differs


def test_shipped_sample_is_what_the_generator_writes(generated: Path) -> None:
    shipped = {p.name for p in SHIPPED.iterdir() if p.is_file()}
    assert shipped == {p.name for p in generated.iterdir()}
    for name in shipped:
        assert (SHIPPED / name).read_bytes() == (generated / name).read_bytes(), name
    assert sum((SHIPPED / n).stat().st_size for n in shipped) < 3_000_000


def test_formats(generated: Path) -> None:
    raw = (generated / "inkind_MTIC_2019-2020.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        (generated / "activities_MTIC_2019-2020.csv").read_bytes().decode("utf-8")
    text = (generated / "activities_MTIC_2019-2020.csv").read_bytes().decode("cp1252")
    assert "æ" in text or "ø" in text or "å" in text
    assert re.search(r";\d{2}-\d{2}-\d{4};", text) and re.search(r";(ja|nej)\r\n", text)
    assert re.search(rb";\d+,\d\d;", raw)
    apps = (generated / "applications.csv").read_bytes().decode("cp1252")
    assert re.search(r";\d{1,3}(\.\d{3})+,\d\d;", apps)  # 1.234.000,00
    assert (generated / "activities_CHC_2019-2020.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    lsi = (generated / "activities_LSI_2019-2020.csv").read_text(encoding="utf-8")
    assert re.search(r",\d{4}-\d{2}-\d{2},", lsi)
    book = openpyxl.load_workbook(generated / "activities_WT_2019-2020.xlsx", read_only=True)
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert list(header) == list(COLUMNS["activities"])
    funding = openpyxl.load_workbook(generated / "funding.xlsx", read_only=True).worksheets[0]
    assert next(funding.iter_rows(values_only=True))[0] == "funding_id"


def test_volumes_and_shape(generated: Path) -> None:
    t = _tables(generated)
    o, a, p, i = t["organisations"], t["activities"], t["participations"], t["inkind"]
    assert 550 <= len(o) <= 650
    assert 450 <= len(a) <= 550
    assert 5000 <= len(p) <= 7500
    assert 60 <= len(t["applications"]) <= 100
    names = " ".join(o["name"])
    for short in ("DTU", "AU", "AAU", "SDU", "KU"):
        assert f"({short})" in names
    assert {"FORCE Technology", "Teknologisk Institut", "Region Sjælland"} <= set(o["name"])
    assert 25 <= (o["org_type"] == "municipality").sum() <= 35
    abroad = o[o["country"] != "DK"]
    assert 50 <= len(abroad) <= 70 and set(abroad["country"]) <= set(MARKETS)
    assert (abroad["region"] == "").all() and (abroad["cvr"] == "").all()
    companies = o[(o["org_type"] == "company") & (o["country"] == "DK")]
    assert (companies["employees"] < 250).mean() > 0.8
    assert companies["employees"].isna().sum() > 0 and (companies["employees"] >= 250).sum() > 0
    value = i["hours"] * i["hourly_rate_dkk"]
    by_year = value.groupby(i["month"].str[:4]).sum()
    assert all(7e6 <= by_year[y] <= 14e6 for y in ("2019", "2020")), by_year
    assert i["hourly_rate_dkk"].between(400, 600).mean() > 0.99
    partnered = a["partner_clusters"] != ""
    assert 0.12 <= partnered.mean() <= 0.3
    assert (a["status"] == "completed").mean() > 0.8
    f = t["funding"]
    ministry = f[f["source"] == "ministry"].groupby(["year", "flow"])["amount_dkk"].sum()
    for year in (2019, 2020):
        assert 6.5e6 <= ministry[(year, "allocated")] <= 7.5e6
        assert ministry[(year, "spent")] < ministry[(year, "allocated")]
    assert set(t["outcomes"]["year"]) == {2019, 2020}
    tg = t["targets"]
    assert len(tg) == len(KPI_IDS) * 2 * 5
    assert set(tg["scope"]) == CLUSTERS | {"ALL"} and set(tg["kpi_id"]) == KPI_IDS


def test_cvr_numbers_valid_except_the_defect(generated: Path) -> None:
    o = _tables(generated)["organisations"]
    companies = o[(o["org_type"] == "company") & (o["country"] == "DK")]
    bad = companies.loc[~companies["cvr"].map(_cvr_ok), "_row"].tolist()
    assert bad == [d["row"] for d in DELIBERATE_DEFECTS if d["rule"] == "cvr_checksum"]
    assert companies["cvr"].str[0].ne("0").all()


def test_2020_looks_like_2020(generated: Path) -> None:
    a = _tables(generated)["activities"]
    start = _date(a["start_date"])
    late = start >= pd.Timestamp("2020-04-01")
    assert not ((a["country"] != "DK") & late).any()
    assert not ((a["activity_type"] == "deep_dive") & late).any()
    webinars = a[a["activity_type"] == "webinar"]
    per_year = _date(webinars["start_date"]).dt.year.value_counts()
    assert per_year[2020] > per_year[2019]
    assert (webinars["region"] == "").all()
    planned = a[a["status"] == "planned"]
    assert len(planned) > 0 and (_date(planned["start_date"]) >= pd.Timestamp("2020-09-01")).all()


def test_targets_give_a_mix_of_statuses(generated: Path, sample_warehouse: Path) -> None:
    # the actual values as the dashboard shows them: the KPI engine on the loaded sample
    table = pd.concat(
        kpi_table(None, by, date(2020, 12, 31), warehouse=sample_warehouse)
        for by in ("national", "cluster")
    )
    actual = {
        (r.kpi_id, r.year, r.scope): r.actual
        for r in table.itertuples(index=False)
        if not np.isnan(r.actual)
    }
    tg = _tables(generated)["targets"]
    achievement = [
        actual[(k, y, s)] / target
        for k, y, s, target in zip(tg["kpi_id"], tg["year"], tg["scope"], tg["target"], strict=True)
        if actual.get((k, y, s))
    ]
    ach = np.array(achievement)
    assert 0.35 <= (ach >= 1).mean() <= 0.65
    assert 0.2 <= ((ach >= 0.75) & (ach < 1)).mean() <= 0.45
    assert 0.05 <= (ach < 0.75).mean() <= 0.3


def test_scale_two_doubles_the_rows(generated: Path, tmp_path: Path) -> None:
    paths = generate_sample(tmp_path, scale=2, seed=2019)
    assert not any(p.suffix == ".xlsx" for p in paths)
    double = _tables(tmp_path)
    single = _tables(generated)
    for kind in ("organisations", "activities", "participations", "inkind", "applications"):
        ratio = len(double[kind]) / len(single[kind])
        assert 1.8 <= ratio <= 2.2, kind
        key = {"organisations": "org_id", "activities": "activity_id"}.get(kind)
        if key:
            assert double[kind][key].is_unique
    assert len(double["targets"]) == len(single["targets"])
    # replica 0 is the same at every scale: the defects sit at the same rows
    assert _violations(double) == {
        (d["file"], d["row"], d["column"], d["rule"]) for d in DELIBERATE_DEFECTS
    }
