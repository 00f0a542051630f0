"""The deterministic sample data of `healthtech sample` (see docs/sample-data.md).

The generator writes the files the four clusters and the secretariat would send for 2019-2020, in
the formats real cluster systems export (UTF-8 CSV, Danish-Excel CSV in Windows-1252 with `;`,
XLSX). The network is built in *replicas*: replica 0 is the shipped sample (`--scale 1`); with
`--scale N` replicas 1..N-1 are further, independent networks of the same size whose ids carry the
suffix `-R<n>`. Each replica has its own random stream (numpy `default_rng([seed, replica])`), so
the same seed and scale always give byte-identical files, and replica 0 is the same at every scale.
Replicas are generated and written in chunks, so memory stays flat whatever the scale.
"""

from __future__ import annotations

import io
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from warehouse.kpi import KPI_IDS

DEFAULT_SEED = 2019
YEARS = (2019, 2020)
CLUSTERS = ("LSI", "MTIC", "WT", "CHC")
HOME_REGION = {
    "LSI": "Nordjylland",
    "MTIC": "Midtjylland",
    "WT": "Syddanmark",
    "CHC": "Hovedstaden",
}
REGIONS = ("Nordjylland", "Midtjylland", "Syddanmark", "Hovedstaden", "Sjælland")
MARKETS = ("GB", "DE", "US", "NO", "ES", "IL", "IN")
THEMES = ("PREVENTION", "EQUALITY", "HEALTH_DATA", "PERSONALISED")
TECHNOLOGIES = ("PERSONALISED_TECH", "DIGITAL", "IOT")
ACTIVITY_TYPES = (
    "conference",
    "workshop",
    "network_meeting",
    "matchmaking",
    "innovation_project",
    "deep_dive",
    "webinar",
)
ORG_TYPES = (
    "company",
    "knowledge_institution",
    "region",
    "municipality",
    "public_other",
    "cluster",
    "other",
)
CVR_WEIGHTS = np.array([2, 7, 6, 5, 4, 3, 2, 1])
RATE_CAP_DKK = 600
# Denmark closed down on 11 March 2020: from then on no travel abroad, and webinars instead.
COVID_CUTOFF = np.datetime64("2020-03-11")
XLSX_CREATED = datetime(2021, 1, 1)
# Replicas generated (and written) together; bounds memory at large scales.
CHUNK_REPLICAS = 25

# The rows that a load of the sample must quarantine (docs/sample-data.md). Row numbers as a
# spreadsheet shows them: header row 1, first data row 2. The same five rows are in the first
# block of rows at every scale (replica 0), and nothing else in the files breaks a rule.
DELIBERATE_DEFECTS: list[dict] = [
    {"file": "organisations.csv", "row": 252, "column": "cvr", "rule": "cvr_checksum"},
    {
        "file": "inkind_LSI_2019-2020.csv",
        "row": 42,
        "column": "hourly_rate_dkk",
        "rule": "rate_cap",
    },
    {
        "file": "participations_MTIC_2019-2020.csv",
        "row": 152,
        "column": "activity_id",
        "rule": "reference",
    },
    {"file": "inkind_CHC_2019-2020.csv", "row": 92, "column": "entry_id", "rule": "unique"},
    {"file": "applications.csv", "row": 32, "column": "submitted_date", "rule": "date_format"},
]
# Index (0-based data row) of each defect inside replica 0's rows of its file.
_DORMANT_INDEX = 250
_RATE_CAP_INDEX = 40
_UNKNOWN_ACTIVITY_INDEX = 150
_DUPLICATE_ENTRY_INDEX = 90
_DUPLICATE_OF_INDEX = 20
_BAD_DATE_INDEX = 30
_BAD_DATE = "2020-02-31"  # written as 31-02-2020 in the DD-MM-YYYY file
_UNKNOWN_ACTIVITY = "MTIC-2019-999"
_DEFECT_RATE = 650.0

# --------------------------------------------------------------------------------------------
# File formats
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """How one sender writes a CSV file."""

    encoding: str
    sep: str
    date_order: str  # "iso" (YYYY-MM-DD), "dmy-" (DD-MM-YYYY) or "dmy." (DD.MM.YYYY)
    decimal_comma: bool
    booleans: tuple[str, str]
    list_sep: str
    lineterminator: str


UTF8 = Dialect("utf-8", ",", "iso", False, ("true", "false"), ";", "\n")
DANISH_EXCEL = Dialect("cp1252", ";", "dmy-", True, ("ja", "nej"), ",", "\r\n")
UTF8_BOM = Dialect("utf-8-sig", ",", "dmy.", False, ("yes", "no"), ";", "\n")
UTF8_BINARY = Dialect("utf-8", ",", "iso", False, ("1", "0"), ";", "\n")
XLSX = "xlsx"
# Each cluster's own system; WT sends Excel workbooks (only at scale 1, CSV above).
CLUSTER_FORMAT: dict[str, Dialect | str] = {
    "LSI": UTF8,
    "MTIC": DANISH_EXCEL,
    "WT": XLSX,
    "CHC": UTF8_BOM,
}

# column -> kind: str, int (optional whole number), dec (2 decimals), date, bool, list
COLUMNS: dict[str, dict[str, str]] = {
    "organisations": {
        "org_id": "str",
        "name": "str",
        "org_type": "str",
        "cvr": "str",
        "employees": "int",
        "region": "str",
        "country": "str",
    },
    "activities": {
        "activity_id": "str",
        "title": "str",
        "activity_type": "str",
        "lead_cluster": "str",
        "partner_clusters": "list",
        "theme": "str",
        "technology": "str",
        "start_date": "date",
        "end_date": "date",
        "region": "str",
        "country": "str",
        "status": "str",
        "users_involved": "bool",
    },
    "participations": {
        "activity_id": "str",
        "org_id": "str",
        "participants": "int",
        "role": "str",
    },
    "inkind": {
        "entry_id": "str",
        "org_id": "str",
        "activity_id": "str",
        "month": "str",
        "hours": "dec",
        "hourly_rate_dkk": "dec",
        "documentation": "str",
    },
    "funding": {
        "funding_id": "str",
        "year": "int",
        "quarter": "int",
        "source": "str",
        "flow": "str",
        "cluster": "str",
        "region": "str",
        "category": "str",
        "amount_dkk": "dec",
    },
    "applications": {
        "application_id": "str",
        "activity_id": "str",
        "lead_org_id": "str",
        "fund": "str",
        "submitted_date": "date",
        "amount_applied_dkk": "dec",
        "status": "str",
        "amount_granted_dkk": "dec",
    },
    "outcomes": {
        "org_id": "str",
        "year": "int",
        "new_knowledge": "bool",
        "new_product": "bool",
        "new_collaboration": "bool",
    },
    "targets": {"kpi_id": "str", "year": "int", "scope": "str", "target": "str"},
}
SHEET_NAMES = {
    "activities": "Aktiviteter",
    "participations": "Deltagelser",
    "inkind": "Timer in-kind",
    "funding": "Finansiering",
}


def _dk_number(value: float) -> str:
    """Return 1234.5 as `1.234,50` (Danish Excel)."""
    return f"{value:,.2f}".translate(str.maketrans(",.", ".,"))


def _format_frame(frame: pd.DataFrame, kinds: dict[str, str], dialect: Dialect) -> pd.DataFrame:
    """Return the frame as text cells in the dialect's conventions."""
    out = {}
    for col, kind in kinds.items():
        values = frame[col]
        if kind == "int":
            num = values.to_numpy(dtype="float64", na_value=np.nan)
            text = np.full(len(num), "", dtype=object)
            ok = ~np.isnan(num)
            text[ok] = num[ok].astype(np.int64).astype(str)
            out[col] = text
        elif kind == "dec":
            num = values.to_numpy(dtype="float64", na_value=np.nan)
            ok = ~np.isnan(num)
            text = np.full(len(num), "", dtype=object)
            if dialect.decimal_comma:
                text[ok] = [_dk_number(v) for v in num[ok].tolist()]
            else:
                text[ok] = [f"{v:.2f}" for v in num[ok].tolist()]
            out[col] = text
        elif kind == "date":
            iso = values.astype(str)
            if dialect.date_order == "iso":
                out[col] = iso
            else:
                mark = "-" if dialect.date_order == "dmy-" else "."
                out[col] = iso.str[8:10] + mark + iso.str[5:7] + mark + iso.str[0:4]
        elif kind == "bool":
            out[col] = np.where(values.to_numpy(dtype=bool), *dialect.booleans)
        elif kind == "list":
            out[col] = values.astype(str).str.replace("|", dialect.list_sep, regex=False)
        else:
            out[col] = values.astype(str)
    return pd.DataFrame(out, index=range(len(frame)))


class _CsvWriter:
    """Appends chunks of one table to a CSV file in a dialect."""

    def __init__(self, path: Path, kind: str, dialect: Dialect) -> None:
        self.path, self.kind, self.dialect = path, kind, dialect
        self.rows = 0
        self._fh = path.open("w", encoding=dialect.encoding, newline="")
        header = dialect.sep.join(COLUMNS[kind]) + dialect.lineterminator
        self._fh.write(header)

    def write(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        text = _format_frame(frame, COLUMNS[self.kind], self.dialect)
        buffer = io.StringIO()
        text.to_csv(
            buffer,
            sep=self.dialect.sep,
            header=False,
            index=False,
            lineterminator=self.dialect.lineterminator,
        )
        self._fh.write(buffer.getvalue())
        self.rows += len(frame)

    def close(self) -> None:
        self._fh.close()


class _XlsxWriter:
    """Writes one table to the first sheet of an XLSX workbook (header on row 1)."""

    def __init__(self, path: Path, kind: str) -> None:
        import xlsxwriter

        self.path, self.kind = path, kind
        self.rows = 0
        self._book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self._book.set_properties(
            {"created": XLSX_CREATED, "author": "Danish Healthtech", "title": kind}
        )
        self._sheet = self._book.add_worksheet(SHEET_NAMES.get(kind, kind.capitalize()))
        self._date = self._book.add_format({"num_format": "dd-mm-yyyy"})
        self._money = self._book.add_format({"num_format": "#,##0.00"})
        bold = self._book.add_format({"bold": True})
        self._sheet.write_row(0, 0, list(COLUMNS[kind]), bold)

    def write(self, frame: pd.DataFrame) -> None:
        kinds = COLUMNS[self.kind]
        sheet = self._sheet
        columns = {c: frame[c].tolist() for c in kinds}
        for i in range(len(frame)):
            row = self.rows + 1 + i
            for j, (col, kind) in enumerate(kinds.items()):
                value = columns[col][i]
                if kind in ("int", "dec"):
                    if value is None or value != value:  # NaN: leave the cell empty
                        continue
                    if kind == "int":
                        sheet.write_number(row, j, int(value))
                    else:
                        sheet.write_number(row, j, float(value), self._money)
                elif kind == "date":
                    sheet.write_datetime(row, j, datetime.fromisoformat(str(value)), self._date)
                elif kind == "bool":
                    sheet.write_string(row, j, "Ja" if value else "Nej")
                elif kind == "list":
                    if value:
                        sheet.write_string(row, j, str(value).replace("|", ", "))
                elif value:
                    sheet.write_string(row, j, str(value))
        self.rows += len(frame)

    def close(self) -> None:
        self._book.close()


# --------------------------------------------------------------------------------------------
# Names and reference lists
# --------------------------------------------------------------------------------------------

KNOWLEDGE_INSTITUTIONS = [
    ("Danmarks Tekniske Universitet (DTU)", "Hovedstaden"),
    ("Aarhus Universitet (AU)", "Midtjylland"),
    ("Aalborg Universitet (AAU)", "Nordjylland"),
    ("Syddansk Universitet (SDU)", "Syddanmark"),
    ("Københavns Universitet (KU)", "Hovedstaden"),
    ("FORCE Technology", "Hovedstaden"),
    ("Teknologisk Institut", "Hovedstaden"),
]
REGION_ORGS = [
    ("Region Nordjylland", "Nordjylland"),
    ("Region Midtjylland", "Midtjylland"),
    ("Region Syddanmark", "Syddanmark"),
    ("Region Hovedstaden", "Hovedstaden"),
    ("Region Sjælland", "Sjælland"),
    ("Aalborg Universitetshospital", "Nordjylland"),
    ("Aarhus Universitetshospital", "Midtjylland"),
    ("Odense Universitetshospital", "Syddanmark"),
    ("Rigshospitalet", "Hovedstaden"),
    ("Sjællands Universitetshospital", "Sjælland"),
]
MUNICIPALITIES = {
    "Nordjylland": ["Aalborg", "Hjørring", "Frederikshavn", "Thisted", "Brønderslev"],
    "Midtjylland": ["Aarhus", "Randers", "Horsens", "Viborg", "Silkeborg", "Herning", "Skive"],
    "Syddanmark": ["Odense", "Esbjerg", "Kolding", "Vejle", "Sønderborg", "Svendborg", "Aabenraa"],
    "Hovedstaden": ["Københavns", "Frederiksberg", "Gentofte", "Gladsaxe", "Hillerød", "Helsingør"],
    "Sjælland": ["Roskilde", "Næstved", "Slagelse", "Holbæk", "Køge", "Guldborgsund"],
}
OTHER_ORGS = [
    ("Sundhedsdatastyrelsen", "public_other", "Hovedstaden"),
    ("Danske Regioner", "public_other", "Hovedstaden"),
    ("KL – Kommunernes Landsforening", "public_other", "Hovedstaden"),
    ("Danske Patienter", "other", "Hovedstaden"),
    ("Dansk Sygeplejeråd, Velfærdsteknologisk Udvalg", "other", "Hovedstaden"),
    ("Syddansk Sundhedsinnovation", "public_other", "Syddanmark"),
]
CLUSTER_NAMES = {
    "LSI": "LifeScience Innovation",
    "MTIC": "Medtech Innovation Consortium",
    "WT": "Welfare Tech",
    "CHC": "Copenhagen Healthtech Cluster",
}
COMPANY_PREFIXES = [
    "Nordisk", "Dansk", "Øresund", "Fjord", "Bølge", "Kløver", "Lyngby", "Skagen", "Ærø",
    "Vesterhav", "Limfjord", "Himmerland", "Fyns", "Sønderjysk", "Gudenå", "Aros", "Trekant",
    "Kattegat", "Mols", "Bornholm", "Amager", "Valby", "Hjerte", "Sund", "Vita", "Medi", "Care",
    "Bio", "Neuro", "Ortho", "Puls", "Nova", "Lys", "Grøn", "Blåvand", "Hav", "Klit", "Egeskov",
    "Birkedal", "Søndervang",
]  # fmt: skip
COMPANY_STEMS = [
    "Medical", "Medtech", "Diagnostik", "Sensorik", "Robotics", "Health", "Care", "Data",
    "Analytics", "Devices", "Rehab", "Velfærd", "Sundhed", "Innovation", "Løsninger", "Teknik",
    "Pharma", "Genomics", "Imaging", "Wearables", "Hjælpemidler", "Software", "Labs", "Systems",
    "Vision",
]  # fmt: skip
ABROAD = {
    "GB": (12, ["Oxford", "Cambridge", "London", "Manchester", "Leeds"], "Ltd"),
    "DE": (12, ["Berlin", "München", "Hamburg", "Düsseldorf", "Köln"], "GmbH"),
    "US": (10, ["Boston", "San Diego", "Minneapolis", "Seattle", "Austin"], "Inc."),
    "NO": (9, ["Oslo", "Bergen", "Trondheim", "Stavanger"], "AS"),
    "ES": (6, ["Barcelona", "Madrid", "Valencia", "Bilbao"], "S.L."),
    "IL": (6, ["Tel Aviv", "Haifa", "Jerusalem", "Rehovot"], "Ltd"),
    "IN": (5, ["Bangalore", "Hyderabad", "Pune", "Chennai"], "Pvt Ltd"),
}
ABROAD_STEMS = ["MedTech", "Health Analytics", "Digital Health", "Wearables", "Diagnostics",
                "Care Robotics", "Genomics", "Imaging"]  # fmt: skip
N_COMPANIES = 483  # + the dormant company = 484 Danish companies
COMPANY_REGION_P = {
    "Nordjylland": 0.12,
    "Midtjylland": 0.21,
    "Syddanmark": 0.21,
    "Hovedstaden": 0.33,
    "Sjælland": 0.13,
}
TOPICS = {
    "PREVENTION": [
        "Forebyggelse af livsstilssygdomme",
        "Prædiktive algoritmer i almen praksis",
        "Sund aldring og træning",
        "Tidlig opsporing af KOL",
        "Søvn, stress og trivsel",
    ],
    "EQUALITY": [
        "Det nære sundhedsvæsen",
        "Telemedicin i kommunerne",
        "Velfærdsteknologi i ældreplejen",
        "Borgerrettede løsninger på tværs af sektorer",
        "Hjemmebehandling og pårørende",
    ],
    "HEALTH_DATA": [
        "Sundhedsdata og GDPR",
        "Adgang til registerdata",
        "Kunstig intelligens på sundhedsdata",
        "Datadrevet kvalitetsudvikling på sygehusene",
        "Patientrapporterede oplysninger",
    ],
    "PERSONALISED": [
        "3D-print af implantater",
        "Personlig medicin og genomik",
        "Skræddersyede hjælpemidler",
        "Præcisionsdiagnostik",
        "Målrettet rehabilitering",
    ],
}
COUNTRY_DA = {
    "GB": "Storbritannien",
    "DE": "Tyskland",
    "US": "USA",
    "NO": "Norge",
    "ES": "Spanien",
    "IL": "Israel",
    "IN": "Indien",
}
TITLE_FORMAT = {
    "conference": "Konference: {topic}",
    "workshop": "Workshop om {topic_l}",
    "network_meeting": "Netværksmøde: {topic}",
    "matchmaking": "Matchmaking: {topic}",
    "innovation_project": "Innovationsprojekt: {topic}",
    "deep_dive": "Deep dive-tur til {country}: {topic}",
    "webinar": "Webinar: {topic}",
}

# Activity mix before and after the lockdown (order of ACTIVITY_TYPES).
TYPE_P_BEFORE = [0.08, 0.25, 0.22, 0.12, 0.12, 0.06, 0.15]
TYPE_P_AFTER = [0.02, 0.16, 0.16, 0.08, 0.12, 0.00, 0.46]
CLUSTER_P = [0.20, 0.25, 0.25, 0.30]
# Organisations per activity (low, high), by type.
SIZE = {
    "conference": (20, 38),
    "workshop": (6, 12),
    "network_meeting": (7, 14),
    "matchmaking": (9, 17),
    "innovation_project": (4, 9),
    "deep_dive": (6, 12),
    "webinar": (9, 22),
}
# Affinity of an activity type for each Danish org type (company, ki, region, municipality,
# public_other, cluster, other).
AFFINITY = {
    "conference": [1.0, 6, 5, 2, 3, 0, 3],
    "workshop": [1.0, 5, 4, 4, 2, 0, 2],
    "network_meeting": [1.0, 4, 3, 3, 2, 0, 2],
    "matchmaking": [1.2, 3, 3, 2, 1, 0, 1],
    "innovation_project": [1.0, 45, 8, 5, 1, 0, 1],
    "deep_dive": [1.0, 4, 2, 0.5, 1, 0, 0.5],
    "webinar": [1.0, 3, 4, 4, 2, 0, 2],
}
# In-kind hours per person and day at an event (innovation projects are booked monthly).
HOURS_PER_PERSON = {
    "conference": 7.5,
    "workshop": 4.0,
    "network_meeting": 3.0,
    "matchmaking": 3.0,
    "deep_dive": 7.5,
    "webinar": 1.5,
}


# --------------------------------------------------------------------------------------------
# One replica of the network
# --------------------------------------------------------------------------------------------


def _suffix(replica: int) -> str:
    return "" if replica == 0 else f"-R{replica}"


def _valid_cvrs(rng: np.random.Generator, n: int) -> np.ndarray:
    """Return n distinct valid CVR numbers (8 digits, first not 0, modulus-11 check digit)."""
    result: list[np.ndarray] = []
    have = 0
    while have < n:
        first = rng.integers(1, 10, size=(2 * n + 10, 1))
        rest = rng.integers(0, 10, size=(2 * n + 10, 6))
        digits = np.hstack([first, rest])
        check = (-(digits @ CVR_WEIGHTS[:7])) % 11
        ok = check < 10
        numbers = digits[ok] @ (10 ** np.arange(7, 0, -1)) + check[ok]
        result.append(numbers)
        have += len(numbers)
    numbers = np.concatenate(result)
    _, first_index = np.unique(numbers, return_index=True)
    numbers = numbers[np.sort(first_index)][:n]
    return np.char.zfill(numbers.astype(str), 8)


def _make_orgs(rng: np.random.Generator, replica: int) -> pd.DataFrame:
    sfx = _suffix(replica)
    rows: list[tuple] = []  # name, type, region, country
    rows += [(n, "knowledge_institution", r, "DK") for n, r in KNOWLEDGE_INSTITUTIONS]
    rows += [(n, "region", r, "DK") for n, r in REGION_ORGS]
    for region, names in MUNICIPALITIES.items():
        rows += [(f"{n} Kommune", "municipality", region, "DK") for n in names]
    rows += [(n, t, r, "DK") for n, t, r in OTHER_ORGS]
    rows += [(CLUSTER_NAMES[c], "cluster", HOME_REGION[c], "DK") for c in CLUSTERS]
    core = pd.DataFrame(rows, columns=["name", "org_type", "region", "country"])
    core["cvr"] = ""
    core["employees"] = np.nan

    # Danish companies (the dormant one among them, see DELIBERATE_DEFECTS)
    n_dk = N_COMPANIES + 1
    combos = rng.choice(len(COMPANY_PREFIXES) * len(COMPANY_STEMS), size=n_dk, replace=False)
    forms = rng.choice(["ApS", "A/S", "P/S"], size=n_dk, p=[0.72, 0.25, 0.03])
    names = [
        f"{COMPANY_PREFIXES[c // len(COMPANY_STEMS)]} {COMPANY_STEMS[c % len(COMPANY_STEMS)]} {f}"
        for c, f in zip(combos.tolist(), forms.tolist(), strict=True)
    ]
    size_kind = rng.choice(3, size=n_dk, p=[0.91, 0.05, 0.04])  # sme, large, unknown
    employees = np.clip(np.exp(rng.normal(2.3, 1.1, n_dk)).round(), 1, 249)
    employees = np.where(size_kind == 1, rng.integers(250, 4000, n_dk), employees)
    employees = np.where(size_kind == 2, np.nan, employees)
    regions = rng.choice(list(COMPANY_REGION_P), size=n_dk, p=list(COMPANY_REGION_P.values()))
    dk = pd.DataFrame(
        {
            "name": names,
            "org_type": "company",
            "region": regions,
            "country": "DK",
            "cvr": _valid_cvrs(rng, n_dk),
            "employees": employees,
        }
    )
    # abroad: companies mostly, some institutes and authorities; no region, no CVR
    abroad_rows = []
    for country, (count, cities, form) in ABROAD.items():
        for k in range(count):
            city = cities[k % len(cities)]
            kind = rng.choice(3, p=[0.75, 0.15, 0.10])
            if kind == 0:
                stem = ABROAD_STEMS[int(rng.integers(len(ABROAD_STEMS)))]
                name, org_type = f"{city} {stem} {form}", "company"
                emp = float(np.exp(rng.normal(3.5, 1.3)).round()) if rng.random() < 0.6 else np.nan
            elif kind == 1:
                name, org_type, emp = (
                    f"{city} Institute of Health Technology",
                    "knowledge_institution",
                    np.nan,
                )
            else:
                name, org_type, emp = f"{city} Health Innovation Agency", "public_other", np.nan
            abroad_rows.append(
                (name, org_type, "", country, "", max(emp, 1.0) if emp == emp else emp)
            )
    abroad = pd.DataFrame(
        abroad_rows, columns=["name", "org_type", "region", "country", "cvr", "employees"]
    )
    mixed = pd.concat([dk, abroad], ignore_index=True)
    mixed = mixed.iloc[rng.permutation(len(mixed))].reset_index(drop=True)
    # put the dormant company (first Danish row generated) at its fixed place
    dormant_pos = int(np.flatnonzero(mixed["name"].to_numpy() == dk["name"].iloc[0])[0])
    order = [i for i in range(len(mixed)) if i != dormant_pos]
    order.insert(_DORMANT_INDEX - len(core), dormant_pos)
    mixed = mixed.iloc[order].reset_index(drop=True)
    orgs = pd.concat([core, mixed], ignore_index=True)
    orgs["dormant"] = False
    orgs.loc[_DORMANT_INDEX, "dormant"] = True
    if replica == 0:  # the deliberate cvr_checksum defect: a wrong check digit
        good = orgs.loc[_DORMANT_INDEX, "cvr"]
        orgs.loc[_DORMANT_INDEX, "cvr"] = good[:7] + str((int(good[7]) + 3) % 10)
    orgs.insert(0, "org_id", [f"ORG-{i + 1:04d}{sfx}" for i in range(len(orgs))])
    return orgs


def _weekday(dates: np.ndarray) -> np.ndarray:
    """Move Saturdays back to Friday and Sundays on to Monday."""
    dow = (dates.astype("int64") - 4) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    return dates - (dow == 5).astype("timedelta64[D]") + (dow == 6).astype("timedelta64[D]")


def _make_activities(rng: np.random.Generator, replica: int, n: int = 500) -> pd.DataFrame:
    sfx = _suffix(replica)
    month_w = np.array([0.8, 1.0, 1.1, 1.0, 1.0, 0.9, 0.3, 0.7, 1.1, 1.1, 1.1, 0.7] * 2)
    month = rng.choice(24, size=n, p=month_w / month_w.sum())
    start_month = np.datetime64("2019-01") + month.astype("timedelta64[M]")
    first = start_month.astype("datetime64[D]")
    days = ((start_month + 1).astype("datetime64[D]") - first).astype(int)
    start = _weekday(first + (rng.random(n) * days).astype(int).astype("timedelta64[D]"))
    start = np.clip(start, np.datetime64("2019-01-02"), np.datetime64("2020-12-18"))
    after = start >= COVID_CUTOFF
    t_before = rng.choice(7, size=n, p=TYPE_P_BEFORE)
    t_after = rng.choice(7, size=n, p=TYPE_P_AFTER)
    atype = np.array(ACTIVITY_TYPES)[np.where(after, t_after, t_before)]
    lead = rng.choice(CLUSTERS, size=n, p=CLUSTER_P)
    theme = rng.choice(THEMES, size=n, p=[0.24, 0.28, 0.26, 0.22])
    tech = np.where(rng.random(n) < 0.12, "", rng.choice(TECHNOLOGIES, size=n))

    # host region and country
    home = np.vectorize(HOME_REGION.get, otypes=[object])(lead)
    other_region = rng.choice(REGIONS, size=n, p=[0.17, 0.2, 0.2, 0.23, 0.2])
    region = np.where(rng.random(n) < 0.75, home, other_region).astype(object)
    country = np.full(n, "DK", dtype=object)
    market = rng.choice(MARKETS, size=n, p=[0.22, 0.22, 0.16, 0.14, 0.08, 0.12, 0.06])
    abroad = (atype == "deep_dive") | ((atype == "conference") & ~after & (rng.random(n) < 0.15))
    country[abroad] = market[abroad]
    region[abroad] = ""
    online = (atype == "webinar") | (
        after & np.isin(atype, ["workshop", "network_meeting", "matchmaking"])
        & (rng.random(n) < 0.35)
    )  # fmt: skip
    region[online] = ""

    # duration
    extra = np.zeros(n, dtype=int)
    extra[atype == "conference"] = rng.integers(0, 2, n)[atype == "conference"]
    extra[atype == "deep_dive"] = rng.integers(2, 5, n)[atype == "deep_dive"]
    is_project = atype == "innovation_project"
    extra[is_project] = rng.integers(120, 541, n)[is_project]
    end = start + extra.astype("timedelta64[D]")

    # status
    u = rng.random(n)
    status = np.where(u < 0.05, "cancelled", "completed").astype(object)
    spring = after & (start < np.datetime64("2020-07-01"))
    status[spring & (atype != "webinar") & (u < 0.2)] = "cancelled"
    late = start >= np.datetime64("2020-10-15")
    status[late & (u >= 0.05) & (u < 0.5)] = "planned"

    # partner clusters (never the lead)
    p_partner = np.where(is_project, 0.42, np.where(atype == "conference", 0.3, 0.14))
    n_partner = np.where(rng.random(n) < p_partner, np.where(rng.random(n) < 0.75, 1, 2), 0)
    keys = rng.random((n, 4))
    lead_idx = np.searchsorted(np.array(sorted(CLUSTERS)), lead)
    sorted_clusters = np.array(sorted(CLUSTERS))
    keys[np.arange(n), lead_idx] = 2.0
    order = np.argsort(keys, axis=1)
    partners = [
        "|".join(sorted_clusters[order[i, : n_partner[i]]].tolist()) if n_partner[i] else ""
        for i in range(n)
    ]

    p_users = 0.18 + 0.3 * (theme == "EQUALITY") + 0.25 * is_project + 0.1 * (atype == "workshop")
    users = rng.random(n) < p_users

    topic_idx = rng.integers(0, 5, n)
    titles = []
    for t, th, k, c in zip(
        atype.tolist(), theme.tolist(), topic_idx.tolist(), country.tolist(), strict=True
    ):
        topic = TOPICS[th][k]
        titles.append(
            TITLE_FORMAT[t].format(
                topic=topic, topic_l=topic[0].lower() + topic[1:], country=COUNTRY_DA.get(c, "")
            )
        )

    acts = pd.DataFrame(
        {
            "title": titles,
            "activity_type": atype,
            "lead_cluster": lead,
            "partner_clusters": partners,
            "theme": theme,
            "technology": tech,
            "start": start,
            "end": end,
            "region": region.astype(str),
            "country": country.astype(str),
            "status": status.astype(str),
            "users_involved": users,
        }
    )
    acts = acts.sort_values(["lead_cluster", "start"], kind="stable").reset_index(drop=True)
    year = acts["start"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    acts["year"] = year
    seq = acts.groupby(["lead_cluster", "year"]).cumcount() + 1
    acts.insert(
        0,
        "activity_id",
        [
            f"{c}-{y}-{s:03d}{sfx}"
            for c, y, s in zip(acts["lead_cluster"], year.tolist(), seq.tolist(), strict=True)
        ],
    )
    acts["start_date"] = np.datetime_as_string(acts["start"].to_numpy().astype("datetime64[D]"))
    acts["end_date"] = np.datetime_as_string(acts["end"].to_numpy().astype("datetime64[D]"))
    return acts


def _make_participations(
    rng: np.random.Generator, orgs: pd.DataFrame, acts: pd.DataFrame
) -> pd.DataFrame:
    n_act, n_org = len(acts), len(orgs)
    otype = orgs["org_type"].to_numpy()
    ocountry = orgs["country"].to_numpy()
    oregion = orgs["region"].to_numpy()
    type_idx = np.searchsorted(np.array(ORG_TYPES), otype, sorter=np.argsort(ORG_TYPES))
    type_idx = np.argsort(ORG_TYPES)[type_idx]
    propensity = np.where(otype == "company", np.exp(rng.normal(0, 0.9, n_org)), 1.0)
    domestic = ocountry == "DK"
    atype = acts["activity_type"].to_numpy()
    aff = np.array([AFFINITY[t] for t in ACTIVITY_TYPES])
    atype_idx = np.array([ACTIVITY_TYPES.index(t) for t in atype])
    weight = aff[atype_idx][:, type_idx] * propensity[None, :]
    # region: activities draw mostly from their host region (or the lead's home region)
    ref_region = np.where(
        acts["region"].to_numpy() != "",
        acts["region"].to_numpy(),
        [HOME_REGION[c] for c in acts["lead_cluster"]],
    )
    same = oregion[None, :] == ref_region[:, None]
    boost = np.where(atype == "innovation_project", 1.6, np.where(atype == "webinar", 1.5, 4.0))
    weight = weight * np.where(same, boost[:, None], 1.0)
    # organisations abroad: at activities in their country, a few at webinars and conferences
    acountry = acts["country"].to_numpy()
    foreign_w = np.where(atype == "webinar", 0.4, np.where(atype == "conference", 0.3, 0.02))
    foreign = np.where(
        ocountry[None, :] == acountry[:, None],
        np.where(atype == "deep_dive", 60.0, 20.0)[:, None],
        foreign_w[:, None],
    )
    weight = np.where(domestic[None, :], weight, foreign)
    weight[:, orgs["dormant"].to_numpy() | (otype == "cluster")] = 0.0

    lo = np.array([SIZE[t][0] for t in atype])
    hi = np.array([SIZE[t][1] for t in atype])
    k = rng.integers(lo, hi + 1)
    status = acts["status"].to_numpy()
    k = np.where(status == "cancelled", 0, np.where(status == "planned", k // 2, k))
    kmax = int(k.max()) if n_act else 0
    with np.errstate(divide="ignore"):
        keys = np.log(weight) - np.log(-np.log(rng.random(weight.shape)))
    top = np.argpartition(-keys, kmax, axis=1)[:, :kmax]
    top_keys = np.take_along_axis(keys, top, axis=1)
    top = np.take_along_axis(top, np.argsort(-top_keys, axis=1, kind="stable"), axis=1)
    take = np.arange(kmax)[None, :] < k[:, None]
    act_rows = np.repeat(np.arange(n_act), take.sum(axis=1))
    org_rows = top[take]

    sel_type = otype[org_rows]
    sel_atype = atype[act_rows]
    role = np.where(
        sel_atype == "innovation_project",
        "partner",
        np.where(
            rng.random(len(org_rows)) < np.where(sel_type == "knowledge_institution", 0.3, 0.07),
            "speaker",
            "participant",
        ),
    ).astype(object)
    lam = np.where(np.isin(sel_atype, ["conference", "innovation_project"]), 0.9, 0.4)
    lam = lam + 0.8 * np.isin(sel_type, ["knowledge_institution", "region"])
    participants = np.minimum(1 + rng.poisson(lam), 12)

    # the clusters themselves: the lead organises, partner clusters are partners
    cluster_org = {
        c: int(np.flatnonzero((otype == "cluster") & (orgs["name"] == CLUSTER_NAMES[c]))[0])
        for c in CLUSTERS
    }
    c_act, c_org, c_role = [], [], []
    for i, (c, partners, st) in enumerate(
        zip(acts["lead_cluster"], acts["partner_clusters"], status, strict=True)
    ):
        if st == "cancelled":
            continue
        c_act.append(i)
        c_org.append(cluster_org[c])
        c_role.append("organiser")
        for p in partners.split("|") if partners else []:
            c_act.append(i)
            c_org.append(cluster_org[p])
            c_role.append("partner")
    c_act_a = np.array(c_act, dtype=int)
    parts = pd.DataFrame(
        {
            "a": np.concatenate([c_act_a, act_rows]),
            "o": np.concatenate([np.array(c_org, dtype=int), org_rows]),
            "role": np.concatenate([np.array(c_role, dtype=object), role]),
            "participants": np.concatenate([rng.integers(1, 4, len(c_act_a)), participants]),
            "first": np.concatenate([np.zeros(len(c_act_a), bool), np.ones(len(org_rows), bool)]),
        }
    )
    parts = parts.sort_values(["a", "first"], kind="stable").reset_index(drop=True)
    parts["activity_id"] = acts["activity_id"].to_numpy()[parts["a"].to_numpy()]
    parts["org_id"] = orgs["org_id"].to_numpy()[parts["o"].to_numpy()]
    parts["lead_cluster"] = acts["lead_cluster"].to_numpy()[parts["a"].to_numpy()]
    return parts[["activity_id", "org_id", "participants", "role", "lead_cluster", "a", "o"]]


def _make_inkind(
    rng: np.random.Generator, orgs: pd.DataFrame, acts: pd.DataFrame, parts: pd.DataFrame
) -> pd.DataFrame:
    otype = orgs["org_type"].to_numpy()
    rates = rng.choice(np.arange(400, 601, 25), size=len(orgs))
    rates = np.where(otype == "knowledge_institution", 600, rates)
    a, o = parts["a"].to_numpy(), parts["o"].to_numpy()
    atype = acts["activity_type"].to_numpy()[a]
    ok = (
        (acts["status"].to_numpy()[a] == "completed")
        & (orgs["country"].to_numpy()[o] == "DK")
        & np.isin(otype[o], ["company", "knowledge_institution", "region", "municipality"])
    )
    start = acts["start"].to_numpy().astype("datetime64[D]")
    end = acts["end"].to_numpy().astype("datetime64[D]")

    # events: one entry for the hours spent at it
    event = ok & (atype != "innovation_project")
    event &= rng.random(len(a)) < np.where(otype[o] == "company", 0.6, 0.3)
    ev = np.flatnonzero(event)
    days = (end[a[ev]] - start[a[ev]]).astype(int) + 1
    per_person = np.array([HOURS_PER_PERSON.get(t, 0.0) for t in atype[ev]])
    hours = parts["participants"].to_numpy()[ev] * per_person * days
    hours = hours + np.where(parts["role"].to_numpy()[ev] == "speaker", 6.0, 0.0)
    ev_frame = pd.DataFrame(
        {
            "a": a[ev],
            "o": o[ev],
            "month": start[a[ev]].astype("datetime64[M]"),
            "hours": hours,
            "documentation": rng.choice(
                ["attendance_list", "timesheet", "other"], size=len(ev), p=[0.75, 0.15, 0.10]
            ),
        }
    )

    # innovation projects: monthly timesheets of the partners, until December 2020
    pr = np.flatnonzero(ok & (atype == "innovation_project"))
    m0 = start[a[pr]].astype("datetime64[M]")
    m1 = np.minimum(end[a[pr]].astype("datetime64[M]"), np.datetime64("2020-12"))
    n_months = (m1 - m0).astype(int) + 1
    rep = np.repeat(np.arange(len(pr)), n_months)
    offset = np.arange(len(rep)) - np.repeat(np.cumsum(n_months) - n_months, n_months)
    months = m0[rep] + offset.astype("timedelta64[M]")
    keep = rng.random(len(rep)) < 0.45
    rep, months = rep[keep], months[keep]
    scale = np.where(otype[o[pr[rep]]] == "company", 7.0, 8.0)
    pr_hours = np.round(rng.gamma(2.0, scale), 0) + 1
    pr_frame = pd.DataFrame(
        {
            "a": a[pr[rep]],
            "o": o[pr[rep]],
            "month": months,
            "hours": pr_hours,
            "documentation": rng.choice(["timesheet", "other"], size=len(rep), p=[0.85, 0.15]),
        }
    )
    ink = pd.concat([ev_frame, pr_frame], ignore_index=True)
    ink["hours"] = np.clip(np.round(ink["hours"].to_numpy() * 2) / 2, 0.5, 744.0)
    ink["hourly_rate_dkk"] = rates[ink["o"].to_numpy()].astype(float)
    ink["lead_cluster"] = acts["lead_cluster"].to_numpy()[ink["a"].to_numpy()]
    ink = ink.sort_values(["lead_cluster", "month", "a", "o"], kind="stable").reset_index(drop=True)
    ink["month"] = np.datetime_as_string(ink["month"].to_numpy().astype("datetime64[M]"))
    ink["activity_id"] = acts["activity_id"].to_numpy()[ink["a"].to_numpy()]
    ink["org_id"] = orgs["org_id"].to_numpy()[ink["o"].to_numpy()]
    return ink


def _make_funding(rng: np.random.Generator, replica: int) -> pd.DataFrame:
    sfx = _suffix(replica)
    categories = ["salary", "operations", "travel", "external", "other"]
    cat_share = np.array([0.55, 0.15, 0.08, 0.17, 0.05])
    q_share = np.array([0.23, 0.25, 0.25, 0.27])
    rows = []
    for year in YEARS:
        total = 7_000_000 * rng.uniform(0.97, 1.03)
        for q in range(1, 5):
            for ci, cluster in enumerate(CLUSTERS):
                for k, cat in enumerate(categories):
                    allocated = round(total * CLUSTER_P[ci] * cat_share[k] * q_share[q - 1], -2)
                    use = rng.uniform(0.8, 0.99)
                    if year == 2020 and q >= 2 and cat == "travel":
                        use = rng.uniform(0.1, 0.4)
                    rows.append((year, q, "ministry", "allocated", cluster, "", cat, allocated))
                    spent = round(allocated * use, 2)
                    rows.append((year, q, "ministry", "spent", cluster, "", cat, spent))
        for q in range(1, 5):
            for cluster in CLUSTERS:
                regional = 1_000_000 * rng.uniform(0.8, 1.2) * q_share[q - 1]
                for cat, share in (("salary", 0.6), ("operations", 0.4)):
                    allocated = round(regional * share, -2)
                    spent = round(allocated * rng.uniform(0.85, 1.0), 2)
                    region = HOME_REGION[cluster]
                    rows.append((year, q, "region", "allocated", cluster, region, cat, allocated))
                    rows.append((year, q, "region", "spent", cluster, region, cat, spent))
    fund = pd.DataFrame(
        rows,
        columns=[
            "year",
            "quarter",
            "source",
            "flow",
            "cluster",
            "region",
            "category",
            "amount_dkk",
        ],
    )
    fund.insert(0, "funding_id", [f"FUN-{i + 1:04d}{sfx}" for i in range(len(fund))])
    return fund


def _make_applications(
    rng: np.random.Generator,
    replica: int,
    orgs: pd.DataFrame,
    acts: pd.DataFrame,
    parts: pd.DataFrame,
    n: int = 80,
) -> pd.DataFrame:
    sfx = _suffix(replica)
    otype = orgs["org_type"].to_numpy()
    o = parts["o"].to_numpy()
    eligible = (orgs["country"].to_numpy()[o] == "DK") & np.isin(
        otype[o], ["company", "knowledge_institution"]
    )
    leads = parts[eligible]
    has_lead = np.zeros(len(acts), bool)
    has_lead[leads["a"].to_numpy()] = True
    atype = acts["activity_type"].to_numpy()
    w = np.select(
        [atype == "innovation_project", atype == "matchmaking", atype == "deep_dive"],
        [8.0, 2.5, 1.5],
        1.0,
    )
    w = w * (acts["status"].to_numpy() == "completed") * has_lead
    w = w * (acts["start"].to_numpy() < np.datetime64("2020-11-15"))
    keys = np.log(w, where=w > 0, out=np.full(len(w), -np.inf)) - np.log(
        -np.log(rng.random(len(w)))
    )
    chosen = np.sort(np.argsort(-keys, kind="stable")[: min(n, int((w > 0).sum()))])
    first_lead = leads.groupby("a")["o"].agg(list)
    lead_org = [int(rng.choice(first_lead[i])) for i in chosen.tolist()]
    start = acts["start"].to_numpy().astype("datetime64[D]")[chosen]
    submitted = start + rng.integers(10, 150, len(chosen)).astype("timedelta64[D]")
    submitted = _weekday(np.minimum(submitted, np.datetime64("2020-12-15")))
    fund = rng.choice(
        ["eu_regional", "innovation_fund", "horizon", "other"],
        size=len(chosen),
        p=[0.35, 0.4, 0.1, 0.15],
    )
    median = np.select(
        [fund == "eu_regional", fund == "innovation_fund", fund == "horizon"],
        [2_500_000, 4_000_000, 12_000_000],
        800_000,
    )
    applied = np.round(median * np.exp(rng.normal(0, 0.5, len(chosen))), -3)
    u = rng.random(len(chosen))
    recent = submitted >= np.datetime64("2020-09-01")
    status = np.where(
        recent,
        np.where(u < 0.7, "submitted", np.where(u < 0.85, "rejected", "granted")),
        np.where(u < 0.42, "granted", np.where(u < 0.9, "rejected", "submitted")),
    )
    granted = np.where(
        status == "granted", np.round(applied * rng.uniform(0.5, 1.0, len(chosen)), -3), np.nan
    )
    apps = pd.DataFrame(
        {
            "a": chosen,
            "activity_id": acts["activity_id"].to_numpy()[chosen],
            "lead_org_id": orgs["org_id"].to_numpy()[lead_org],
            "fund": fund,
            "submitted": submitted,
            "amount_applied_dkk": applied,
            "status": status,
            "amount_granted_dkk": granted,
        }
    )
    apps = apps.sort_values(["submitted", "a"], kind="stable").reset_index(drop=True)
    apps["submitted_date"] = np.datetime_as_string(
        apps["submitted"].to_numpy().astype("datetime64[D]")
    )
    apps.insert(0, "application_id", [f"APP-{i + 1:04d}{sfx}" for i in range(len(apps))])
    return apps


def _make_outcomes(
    rng: np.random.Generator, orgs: pd.DataFrame, acts: pd.DataFrame, parts: pd.DataFrame
) -> pd.DataFrame:
    counted = acts["status"].to_numpy() == "completed"
    year = acts["year"].to_numpy()
    o = parts["o"].to_numpy()
    a = parts["a"].to_numpy()
    company = (orgs["org_type"].to_numpy() == "company") & (orgs["country"].to_numpy() == "DK")
    frames = []
    for y in YEARS:
        who = np.unique(o[counted[a] & (year[a] == y) & company[o]])
        who = who[rng.random(len(who)) < 0.65]
        m = len(who)
        frames.append(
            pd.DataFrame(
                {
                    "o": who,
                    "org_id": orgs["org_id"].to_numpy()[who],
                    "year": y,
                    "new_knowledge": rng.random(m) < 0.7,
                    "new_product": rng.random(m) < 0.18,
                    "new_collaboration": rng.random(m) < 0.45,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _insert_row(frame: pd.DataFrame, index: int, row: dict) -> pd.DataFrame:
    new = pd.DataFrame([row], columns=frame.columns)
    return pd.concat([frame.iloc[:index], new, frame.iloc[index:]], ignore_index=True)


def _replica(seed: int, replica: int) -> dict[str, pd.DataFrame]:
    """Return every table of one replica of the network, without the deliberate defects."""
    rng = np.random.default_rng([seed, replica])
    orgs = _make_orgs(rng, replica)
    acts = _make_activities(rng, replica)
    parts = _make_participations(rng, orgs, acts)
    ink = _make_inkind(rng, orgs, acts, parts)
    fund = _make_funding(rng, replica)
    apps = _make_applications(rng, replica, orgs, acts, parts)
    outc = _make_outcomes(rng, orgs, acts, parts)
    tables = {
        "organisations": orgs,
        "activities": acts,
        "participations": parts,
        "inkind": ink,
        "funding": fund,
        "applications": apps,
        "outcomes": outc,
    }
    # in-kind ids per cluster, in file order
    ink["entry_id"] = ""
    for c in CLUSTERS:
        mask = (ink["lead_cluster"] == c).to_numpy()
        ink.loc[mask, "entry_id"] = [
            f"IK-{c}-{i + 1:05d}{_suffix(replica)}" for i in range(int(mask.sum()))
        ]
    return tables


def _cluster_rows(frame: pd.DataFrame, cluster: str) -> pd.DataFrame:
    return frame[frame["lead_cluster"] == cluster].reset_index(drop=True)


def _inject_defects(tables: dict[str, pd.DataFrame]) -> None:
    """Add the rows of DELIBERATE_DEFECTS (the dormant company's CVR is set in _make_orgs)."""
    ink = tables["inkind"]
    parts = tables["participations"]
    # rate above the cap: one more LSI in-kind row
    lsi = _cluster_rows(ink, "LSI")
    row = lsi.iloc[_RATE_CAP_INDEX].to_dict()
    row.update(entry_id=f"IK-LSI-{len(lsi) + 1:05d}", hourly_rate_dkk=_DEFECT_RATE, hours=12.0)
    lsi = _insert_row(lsi, _RATE_CAP_INDEX, row)
    # a reused entry_id: one more CHC row, otherwise valid
    chc = _cluster_rows(ink, "CHC")
    row = chc.iloc[_DUPLICATE_ENTRY_INDEX].to_dict()
    row.update(entry_id=chc.loc[_DUPLICATE_OF_INDEX, "entry_id"], hours=3.5)
    chc = _insert_row(chc, _DUPLICATE_ENTRY_INDEX, row)
    others = [_cluster_rows(ink, c) for c in ("MTIC", "WT")]
    tables["inkind"] = pd.concat([lsi, others[0], others[1], chc], ignore_index=True)
    # a participation in an activity that does not exist
    mtic = _cluster_rows(parts, "MTIC")
    row = mtic.iloc[_UNKNOWN_ACTIVITY_INDEX].to_dict()
    row.update(activity_id=_UNKNOWN_ACTIVITY, participants=2, role="participant")
    mtic = _insert_row(mtic, _UNKNOWN_ACTIVITY_INDEX, row)
    rest = [_cluster_rows(parts, c) for c in ("LSI", "WT", "CHC")]
    tables["participations"] = pd.concat([mtic, *rest], ignore_index=True)
    # an application dated 31 February
    apps = tables["applications"]
    row = apps.iloc[_BAD_DATE_INDEX].to_dict()
    row.update(
        application_id=f"APP-{len(apps) + 1:04d}",
        submitted_date=_BAD_DATE,
        status="submitted",
        amount_granted_dkk=np.nan,
    )
    tables["applications"] = _insert_row(apps, _BAD_DATE_INDEX, row)


# --------------------------------------------------------------------------------------------
# KPI actuals (SPEC §4), to calibrate the targets
# --------------------------------------------------------------------------------------------

PCT_KPIS = {"G3.outside_region_pct", "F.grant_utilisation_pct"}
RATIO_KPIS = {"F.cofinancing_ratio"}
DKK_KPIS = {"G1.inkind_dkk", "F.granted_dkk"}
Components = dict[tuple[str, int, str], np.ndarray]


def _kpi_components(t: dict[str, pd.DataFrame]) -> Components:
    """Return (numerator, denominator) of every KPI, year and scope for one set of replicas.

    Replicas share no organisation or activity, so components add up over replicas.
    """
    out: Components = defaultdict(lambda: np.zeros(2))
    orgs = t["organisations"].set_index("org_id")
    acts = t["activities"]
    p = (
        t["participations"]
        .drop(columns="lead_cluster")
        .merge(
            acts[
                [
                    "activity_id",
                    "lead_cluster",
                    "activity_type",
                    "region",
                    "country",
                    "status",
                    "year",
                ]
            ],
            on="activity_id",
        )
    )
    p = p.merge(
        orgs[["org_type", "employees", "region", "country"]].add_suffix("_org"),
        left_on="org_id",
        right_index=True,
        how="left",
    ).rename(columns={"org_type_org": "org_type", "employees_org": "employees"})
    acts_counted = acts[acts["status"] == "completed"]
    p = p[p["status"] == "completed"]
    ink = t["inkind"].copy()
    ink["year"] = ink["month"].str[:4].astype(int)
    ink["value"] = ink["hours"] * ink["hourly_rate_dkk"]
    ink["org_type"] = ink["org_id"].map(orgs["org_type"])
    apps = t["applications"].copy()
    apps["year"] = apps["submitted_date"].str[:4].astype(int)
    apps["lead_cluster"] = apps["activity_id"].map(acts.set_index("activity_id")["lead_cluster"])
    fund = t["funding"]
    outc = t["outcomes"]
    intl = acts_counted[
        (acts_counted["country"] != "DK") | (acts_counted["activity_type"] == "deep_dive")
    ]
    proj = p[p["activity_type"] == "innovation_project"]
    with_ki = set(proj.loc[proj["org_type"] == "knowledge_institution", "activity_id"])
    dk_reg = proj[(proj["country_org"] == "DK") & (proj["region_org"] != "")]
    cross_reg = set(
        dk_reg.groupby("activity_id")["region_org"].nunique().loc[lambda s: s >= 2].index
    )
    for y in YEARS:
        py = p[p["year"] == y]
        ay = acts_counted[acts_counted["year"] == y]
        iy = ink[ink["year"] == y]
        apy = apps[apps["year"] == y]
        fy = fund[fund["year"] == y]
        oy = outc[(outc["year"] == y) & outc["new_product"]]
        iay = intl[intl["year"] == y]
        for scope in ("ALL", *CLUSTERS):
            if scope == "ALL":
                ps, as_, is_, aps, fs, ias = py, ay, iy, apy, fy, iay
            else:
                ps = py[py["lead_cluster"] == scope]
                as_ = ay[ay["lead_cluster"] == scope]
                is_ = iy[iy["lead_cluster"] == scope]
                aps = apy[apy["lead_cluster"] == scope]
                fs = fy[fy["cluster"] == scope]
                ias = iay[iay["lead_cluster"] == scope]
            comp = ps[ps["org_type"] == "company"]
            key = (y, scope)

            def put(kpi: str, num: float, den: float = 0.0, key: tuple = key) -> None:
                out[(kpi, *key)] += np.array([num, den], dtype=float)

            put("G1.companies", comp["org_id"].nunique())
            smes = comp[comp["employees"].notna() & (comp["employees"] < 250)]
            put("G1.smes", smes["org_id"].nunique())
            kp = comp[
                comp["activity_id"].isin(with_ki) & (comp["activity_type"] == "innovation_project")
            ]
            put("G1.companies_with_knowledge", kp["org_id"].nunique())
            put("G1.inkind_dkk", is_.loc[is_["org_type"] == "company", "value"].sum())
            put(
                "G1.new_products",
                len(set(oy["org_id"]) & set(comp["org_id"])) if scope != "ALL" else len(oy),
            )
            put("G2.activities", len(as_))
            put("G2.user_involving", int(as_["users_involved"].sum()))
            hc = ps[ps["org_type"].isin(["region", "municipality"])]
            put("G2.healthcare_orgs", hc["org_id"].nunique())
            put("G3.cross_cluster", int((as_["partner_clusters"] != "").sum()))
            put(
                "G3.cross_regional_projects",
                int(as_["activity_id"].isin(cross_reg).sum()),
            )
            hosted = ps[
                (ps["region"] != "") & (ps["country_org"] == "DK") & (ps["region_org"] != "")
            ]
            put(
                "G3.outside_region_pct",
                int((hosted["region_org"] != hosted["region"]).sum()),
                len(hosted),
            )
            put("G4.international_activities", len(ias))
            put("G4.international_orgs", ps.loc[ps["country_org"] != "DK", "org_id"].nunique())
            ci = ps[
                ps["activity_id"].isin(ias["activity_id"])
                & (ps["org_type"] == "company")
                & (ps["country_org"] == "DK")
            ]
            put("G4.companies_international", ci["org_id"].nunique())
            put("F.applications", len(aps))
            put("F.granted_dkk", aps.loc[aps["status"] == "granted", "amount_granted_dkk"].sum())
            ministry = fs[fs["source"] == "ministry"]
            m_spent = ministry.loc[ministry["flow"] == "spent", "amount_dkk"].sum()
            m_alloc = ministry.loc[ministry["flow"] == "allocated", "amount_dkk"].sum()
            put("F.grant_utilisation_pct", m_spent, m_alloc)
            r_spent = fs.loc[
                (fs["source"] == "region") & (fs["flow"] == "spent"), "amount_dkk"
            ].sum()
            put("F.cofinancing_ratio", is_["value"].sum() + r_spent, m_spent)
    return out


def kpi_actuals(components: Components) -> dict[tuple[str, int, str], float | None]:
    """Return the KPI values of SPEC §4 from their summed components (None: no value)."""
    result: dict[tuple[str, int, str], float | None] = {}
    for key, (num, den) in components.items():
        kpi = key[0]
        if kpi in PCT_KPIS:
            result[key] = round(100 * num / den, 1) if den else None
        elif kpi in RATIO_KPIS:
            result[key] = round(num / den, 2) if den else None
        else:
            result[key] = float(num)
    return result


def _targets(components: Components, seed: int) -> pd.DataFrame:
    """Targets = actual ÷ factor: about half achieved, a third close, the rest missed."""
    actual = kpi_actuals(components)
    rng = np.random.default_rng([seed, 999_999])
    rows = []
    for year in YEARS:
        for scope in ("ALL", *CLUSTERS):
            for kpi in KPI_IDS:
                value = actual.get((kpi, year, scope))
                band = rng.choice(3, p=[0.5, 0.33, 0.17])  # achieved, close, missed
                factor = (
                    rng.uniform(1.04, 1.35),
                    rng.uniform(0.80, 0.95),
                    rng.uniform(0.45, 0.70),
                )[band]
                if kpi in PCT_KPIS:
                    base = value if value else 50.0
                    target = round(min(base / factor, 100.0), 1)
                elif kpi in RATIO_KPIS:
                    target = round((value if value else 1.0) / factor, 2)
                elif kpi in DKK_KPIS:
                    target = float(round((value or 500_000) / factor, -4)) or 10_000.0
                else:
                    target = float(max(1, round((value or 2) / factor)))
                rows.append((kpi, year, scope, target))
    frame = pd.DataFrame(rows, columns=["kpi_id", "year", "scope", "target"])
    frame["target"] = [
        str(int(v)) if float(v).is_integer() else f"{v:.2f}".rstrip("0") for v in frame["target"]
    ]
    return frame


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------

PERIOD = "2019-2020"


def _file_plan(scale: int) -> dict[str, tuple[str, Dialect | str, str | None]]:
    """Return {file name: (kind, dialect or XLSX, cluster or None)} in writing order."""
    plan: dict[str, tuple[str, Dialect | str, str | None]] = {
        "organisations.csv": ("organisations", UTF8, None)
    }
    for cluster in CLUSTERS:
        fmt = CLUSTER_FORMAT[cluster]
        if fmt == XLSX and scale > 1:
            fmt = UTF8
        ext = "xlsx" if fmt == XLSX else "csv"
        for kind in ("activities", "participations", "inkind"):
            plan[f"{kind}_{cluster}_{PERIOD}.{ext}"] = (kind, fmt, cluster)
    plan["funding.xlsx" if scale == 1 else "funding.csv"] = (
        "funding",
        XLSX if scale == 1 else UTF8,
        None,
    )
    plan["applications.csv"] = ("applications", DANISH_EXCEL, None)
    for year in YEARS:
        plan[f"outcomes_{year}.csv"] = ("outcomes", UTF8_BINARY, None)
    plan["targets.csv"] = ("targets", UTF8, None)
    return plan


def _all_generated_names() -> set[str]:
    return set(_file_plan(1)) | set(_file_plan(2))


def generate_sample(out_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the sample input files for `scale` replicas of the network; return their paths.

    Files of an earlier run with other names (XLSX at scale 1, CSV above) are removed first.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in _all_generated_names():
        (out_dir / name).unlink(missing_ok=True)
    plan = _file_plan(scale)
    writers: dict[str, _CsvWriter | _XlsxWriter] = {}
    for name, (kind, fmt, _) in plan.items():
        if kind == "targets":
            continue
        path = out_dir / name
        writers[name] = _XlsxWriter(path, kind) if fmt == XLSX else _CsvWriter(path, kind, fmt)
    components: Components = defaultdict(lambda: np.zeros(2))
    try:
        for first in range(0, scale, CHUNK_REPLICAS):
            replicas = [_replica(seed, r) for r in range(first, min(scale, first + CHUNK_REPLICAS))]
            chunk = {
                k: pd.concat([rep[k] for rep in replicas], ignore_index=True) for k in replicas[0]
            }
            for key, value in _kpi_components(chunk).items():  # the defects never count
                components[key] += value
            if first == 0:
                _inject_defects(replicas[0])
            for name, (kind, _, cluster) in plan.items():
                if kind == "targets":
                    continue
                parts = [rep[kind] for rep in replicas]
                if cluster is not None:
                    parts = [_cluster_rows(f, cluster) for f in parts]
                if kind == "outcomes":
                    year = int(name[len("outcomes_") : len("outcomes_") + 4])
                    parts = [f[f["year"] == year] for f in parts]
                writers[name].write(pd.concat(parts, ignore_index=True))
    finally:
        for writer in writers.values():
            writer.close()
    targets_path = out_dir / "targets.csv"
    writer = _CsvWriter(targets_path, "targets", UTF8)
    writer.write(_targets(components, seed))
    writer.close()
    return [out_dir / name for name in plan]


def cli_sample(args) -> int:
    """`healthtech sample`: write the sample files and print what was written."""
    if args.scale < 1:
        print("--scale must be at least 1")
        return 2
    began = time.perf_counter()
    paths = generate_sample(args.out, scale=args.scale, seed=args.seed)
    seconds = time.perf_counter() - began
    total = sum(p.stat().st_size for p in paths)
    for path in paths:
        print(f"  {path.name:42} {path.stat().st_size / 1e6:9.2f} MB")
    print(
        f"Wrote {len(paths)} files ({total / 1e6:.1f} MB) to {args.out} "
        f"(scale {args.scale}, seed {args.seed}) in {seconds:.1f} s."
    )
    if args.scale == 1:
        print(f"{len(DELIBERATE_DEFECTS)} rows break a rule on purpose (docs/sample-data.md).")
    return 0
