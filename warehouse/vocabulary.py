"""The product's one vocabulary: every code that reaches a screen, a chart, a workbook, a PDF or
the command line, with its Danish and English words (and, for KPI statuses, icon and colours).

Reference dimensions (clusters, regions, themes, technologies, activity and organisation types,
priority markets) live in `warehouse/reference.toml` and become the warehouse's `dim_*` tables;
countries are in `warehouse/countries.toml`; the KPI names in `warehouse/kpi_catalogue.toml`.
Everything else is here: KPI statuses, units, quarantine rules (short and explained), skip
reasons, funding sources, flows and categories, activity statuses, file kinds, participation
roles, documentation kinds, load statuses, the Explorer's measures and pivot dimensions.
The dashboard (`ui.i18n`), the report (`report.*`) and the CLI (`warehouse.kpi_cli`) read this
module; `tests/test_vocabulary.py` proves that every code the warehouse can emit has words in both
languages.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

COUNTRIES_FILE = Path(__file__).with_name("countries.toml")

Label = tuple[str, str]  # (Danish, English)

LANGUAGES = ("da", "en")


def lang_index(lang: str) -> int:
    """0 for Danish, 1 for English (unknown languages fall back to Danish)."""
    return 1 if lang == "en" else 0


# --- Codes the warehouse gives --------------------------------------------------------------------

#: The technology code of an activity without a technology (a pivot key, a filter value, a chart
#: category). The warehouse's SQL reads it as the macro no_technology() (etl/load_models.py).
NO_TECHNOLOGY = "NONE"


# --- KPI statuses --------------------------------------------------------------------------------

#: Every status kpi_status() returns, in the order a legend lists them.
STATUSES = (
    "achieved",
    "close",
    "missed",
    "on_track",
    "at_risk",
    "behind",
    "not_started",
    "no_target",
    "no_value",
)
#: Status -> (Danish, English) words, in lower case as in a sentence ("3 på sporet").
STATUS_WORDS: dict[str, Label] = {
    "achieved": ("opfyldt", "achieved"),
    "close": ("tæt på", "close"),
    "missed": ("ikke opfyldt", "missed"),
    "on_track": ("på sporet", "on track"),
    "at_risk": ("i risiko", "at risk"),
    "behind": ("bagud", "behind"),
    "not_started": ("ikke startet", "not started"),
    "no_target": ("intet mål", "no target"),
    "no_value": ("ingen værdi", "no value"),
}

GREEN, ORANGE, VERMILION, GREY = "#009E73", "#E69F00", "#D55E00", "#8C8C8C"
#: Status -> icon. Icons differ in shape so a status never depends on colour alone.
STATUS_ICONS: dict[str, str] = {
    "achieved": "✔",
    "on_track": "✔",
    "close": "▲",
    "at_risk": "▲",
    "missed": "✖",
    "behind": "✖",
    "not_started": "○",
    "no_target": "–",
    "no_value": "–",
}
#: Status -> colour (Okabe–Ito, distinct for colour-blind readers): dashboard, charts and PDF.
STATUS_COLOURS: dict[str, str] = {
    "achieved": GREEN,
    "on_track": GREEN,
    "close": ORANGE,
    "at_risk": ORANGE,
    "missed": VERMILION,
    "behind": VERMILION,
    "not_started": GREY,
    "no_target": GREY,
    "no_value": GREY,
}
#: Status -> a light tint of its colour, behind status words in printed tables.
STATUS_TINTS: dict[str, str] = {
    "achieved": "#cdeee2",
    "on_track": "#cdeee2",
    "close": "#fbe7bf",
    "at_risk": "#fbe7bf",
    "missed": "#f6d0bd",
    "behind": "#f6d0bd",
}


def status_word(status: object, lang: str = "da", capital: bool = False) -> str:
    """The words of a KPI status ('på sporet'; 'På sporet' with `capital`); the code if unknown."""
    if status is None:
        return ""
    pair = STATUS_WORDS.get(str(status))
    if pair is None:
        return str(status)
    word = pair[lang_index(lang)]
    return word[:1].upper() + word[1:] if capital else word


# --- units -------------------------------------------------------------------------------------

#: KPI unit -> its short form beside a number or in a table's unit column.
UNIT_SHORT: dict[str, Label] = {
    "count": ("antal", "count"),
    "DKK": ("kr.", "DKK"),
    "%": ("%", "%"),
    "ratio": ("forhold", "ratio"),
}

# --- quarantine rules, explained (the report's Datakvalitet and the PDF) -------------------------

#: Quarantine rule -> a sentence saying what is wrong: Danish for the report (Datakvalitet,
#: the PDF), English as the load's messages say it (the short words are ENUMS["rule"]).
RULE_EXPLAINED: dict[str, Label] = {
    "required": ("Et påkrævet felt er tomt", "a value is required in this column"),
    "number_format": (
        "Ikke et (helt) tal",
        "not a number (a whole number where counts are expected)",
    ),
    "date_format": (
        "Ikke en gyldig dato eller måned",
        "not a date as YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY (month: YYYY-MM)",
    ),
    "boolean_format": ("Ikke en gyldig ja/nej-værdi", "not one of true/false, 1/0, yes/no, ja/nej"),
    "enum": ("Ikke en af de tilladte koder", "not one of the allowed codes"),
    "range": ("Uden for det tilladte interval", "outside the allowed range"),
    "rate_cap": ("Timesats over loftet", "hourly rate above the cap"),
    "cvr_checksum": (
        "Dansk virksomhed uden gyldigt CVR-nummer",
        "a Danish company needs a valid CVR (8 digits 0-9 with a valid check digit)",
    ),
    "region_for_country": (
        "Region mangler (dansk) eller er angivet (udenlandsk)",
        "a Danish organisation needs a region; one abroad must have none",
    ),
    "region_for_source": (
        "Regional medfinansiering uden region",
        "regional co-financing (source 'region') needs a region",
    ),
    "end_before_start": ("Slutdato før startdato", "the end date is before the start date"),
    "partner_is_lead": (
        "Ledende klynge er også angivet som partner",
        "the lead cluster is also listed as a partner cluster",
    ),
    "granted_amount": (
        "Bevilget beløb mangler eller er angivet uden bevilling",
        "a granted application needs an amount > 0; others must have none or 0",
    ),
    "unique": (
        "Nøglen er allerede brugt i en tidligere række",
        "this key was already used by an earlier row (the first one is loaded)",
    ),
    "reference": (
        "Henviser til en organisation eller aktivitet, der ikke findes",
        "points at something that does not exist in the loaded files",
    ),
    "reference_quarantined": (
        "Henviser til en række, der selv er sat i karantæne",
        "points at a row that was itself quarantined",
    ),
    "unknown_kpi": (
        "Mål for et nøgletal, der ikke er i kataloget",
        "not a KPI id of the catalogue",
    ),
    "field_count": (
        "Flere felter end overskriften har kolonner, eller det andet skilletegn",
        "the row has more cells than the header has columns",
    ),
    "quoting": (
        "Rækkens anførselstegn er i uorden, så cellerne kan ikke skilles ad",
        "the row's quotes are broken, so its cells cannot be told apart",
    ),
}

# --- enumerations without a dimension table ----------------------------------------------------

ENUMS: dict[str, dict[str, Label]] = {
    "funding_source": {
        "ministry": ("Ministeriet", "Ministry"),
        "region": ("Region", "Region"),
        "eu": ("EU", "EU"),
        "other": ("Andet", "Other"),
    },
    "funding_flow": {
        "allocated": ("Tildelt", "Allocated"),
        "spent": ("Forbrugt", "Spent"),
    },
    "funding_category": {
        "salary": ("Løn", "Salary"),
        "operations": ("Drift", "Operations"),
        "travel": ("Rejser", "Travel"),
        "external": ("Ekstern bistand", "External services"),
        "other": ("Andet", "Other"),
    },
    "activity_status": {
        "planned": ("Planlagt", "Planned"),
        "completed": ("Gennemført", "Completed"),
        "cancelled": ("Aflyst", "Cancelled"),
    },
    "file_kind": {
        "organisations": ("Organisationer", "Organisations"),
        "activities": ("Aktiviteter", "Activities"),
        "participations": ("Deltagelser", "Participations"),
        "inkind": ("In-kind", "In-kind"),
        "funding": ("Finansiering", "Funding"),
        "applications": ("Ansøgninger", "Applications"),
        "outcomes": ("Effektmåling", "Outcomes"),
        "targets": ("Mål", "Targets"),
    },
    "rule": {
        "required": ("Påkrævet værdi mangler", "Required value missing"),
        "number_format": ("Ikke et tal", "Not a number"),
        "date_format": ("Ikke en dato", "Not a date"),
        "boolean_format": ("Ikke ja/nej", "Not yes/no"),
        "enum": ("Ukendt kode", "Unknown code"),
        "range": ("Uden for det tilladte interval", "Out of range"),
        "rate_cap": ("Timesats over loftet", "Hourly rate above the cap"),
        "cvr_checksum": ("Ugyldigt CVR-nummer", "Invalid CVR number"),
        "region_for_country": ("Region passer ikke til land", "Region does not fit country"),
        "region_for_source": (
            "Regional medfinansiering uden region",
            "Regional co-financing without a region",
        ),
        "field_count": (
            "Flere felter end kolonner, eller det andet skilletegn",
            "More cells than columns, or the other delimiter",
        ),
        "end_before_start": ("Slutdato før startdato", "End date before start date"),
        "partner_is_lead": ("Leadklynge også partner", "Lead cluster also partner"),
        "granted_amount": ("Bevilget beløb passer ikke", "Granted amount does not fit"),
        "unique": ("Nøglen er brugt før", "Key used before"),
        "reference": ("Henviser til noget ukendt", "Refers to something unknown"),
        "reference_quarantined": (
            "Henviser til en række i karantæne",
            "Refers to a quarantined row",
        ),
        "unknown_kpi": ("Ukendt KPI", "Unknown KPI"),
        "quoting": ("Anførselstegn i uorden", "Broken quotes"),
    },
    "participation_role": {
        "participant": ("Deltager", "Participant"),
        "partner": ("Partner", "Partner"),
        "speaker": ("Oplægsholder", "Speaker"),
        "organiser": ("Arrangør", "Organiser"),
    },
    "unit": {
        "count": ("Antal", "Count"),
        "DKK": ("Kroner", "DKK"),
        "%": ("Procent", "Per cent"),
        "ratio": ("Forhold", "Ratio"),
    },
    "load_status": {
        "loaded": ("Indlæst", "Loaded"),
        "loaded_with_quarantine": ("Indlæst, rækker i karantæne", "Loaded, rows quarantined"),
        "rejected": ("Afvist", "Rejected"),
        "skipped": ("Sprunget over", "Skipped"),
    },
    "measure": {
        "activities": ("Aktiviteter", "Activities"),
        "participations": ("Deltagelser", "Participations"),
        "participants": ("Deltagere", "Participants"),
        "organisations": ("Distinkte organisationer", "Distinct organisations"),
        "companies": ("Virksomheder", "Companies"),
        "inkind_dkk": ("In-kind (kr.)", "In-kind (DKK)"),
    },
    "pivot_dim": {
        "cluster": ("Klynge (lead)", "Cluster (lead)"),
        "region": ("Organisationens region", "Organisation's region"),
        "host_region": ("Værtsregion", "Host region"),
        "theme": ("Tema", "Theme"),
        "technology": ("Teknologi", "Technology"),
        "activity_type": ("Aktivitetstype", "Activity type"),
        "org_type": ("Organisationstype", "Organisation type"),
        "sme": ("SMV", "SME"),
        "country": ("Organisationens land", "Organisation's country"),
        "status": ("Aktivitetsstatus", "Activity status"),
        "year": ("År", "Year"),
        "quarter": ("Kvartal", "Quarter"),
        "month": ("Måned", "Month"),
    },
    "skip_reason": {
        "hidden": ("Skjult fil", "Hidden file"),
        "lock_file": ("Låsefil fra et regneark", "Spreadsheet lock file"),
        "folder": ("Mappe (undermapper læses ikke)", "Folder (subfolders are not read)"),
        "dangling_link": ("Link til en fil, der ikke findes", "Link to a file that does not exist"),
        "special_file": ("Ikke en almindelig fil", "Not a regular file"),
        "unknown_kind": ("Ukendt filtype i navnet", "Unknown kind in the name"),
        "not_data": ("Ikke en datafil", "Not a data file"),
        "unsupported_format": ("Filformat, der ikke læses", "File format that is not read"),
    },
    "application_fund": {
        "eu_regional": ("EU-regionalfond", "EU regional fund"),
        "innovation_fund": ("Innovationsfonden", "Innovation Fund Denmark"),
        "horizon": ("Horizon Europe", "Horizon Europe"),
        "other": ("Andet", "Other"),
    },
    "application_status": {
        "submitted": ("Indsendt", "Submitted"),
        "granted": ("Bevilget", "Granted"),
        "rejected": ("Afslået", "Rejected"),
    },
    "documentation": {
        "timesheet": ("Timeregistrering", "Timesheet"),
        "attendance_list": ("Deltagerliste", "Attendance list"),
        "other": ("Anden dokumentation", "Other documentation"),
    },
}


def label(enum: str, code: object, lang: str = "da") -> str:
    """The words of a code of one of ENUMS in `lang` (the code itself if unknown)."""
    if code is None:
        return ""
    pair = ENUMS.get(enum, {}).get(str(code))
    return pair[lang_index(lang)] if pair else str(code)


def words(vocabulary: dict[str, Label], lang: str = "da") -> dict[str, str]:
    """{code: words in `lang`} of one vocabulary (STATUS_WORDS, UNIT_SHORT, RULE_EXPLAINED or
    one of ENUMS)."""
    return {code: pair[lang_index(lang)] for code, pair in vocabulary.items()}


@cache
def countries() -> dict[str, Label]:
    """ISO 3166-1 alpha-2 code -> (Danish, English) country name (warehouse/countries.toml)."""
    with COUNTRIES_FILE.open("rb") as fh:
        return {code: (names[0], names[1]) for code, names in tomllib.load(fh).items()}


def country_name(code: object, lang: str = "da") -> str:
    """The name of a country code in `lang` (an unknown code is shown as it is)."""
    if code is None:
        return ""
    pair = countries().get(str(code).upper())
    return pair[lang_index(lang)] if pair else str(code)
