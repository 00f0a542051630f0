"""The dashboard's own texts in Danish (default) and English.

Labels of reference codes (clusters, regions, themes, ...) come from the warehouse's dim_* tables
and KPI names from the KPI catalogue; this module holds only the UI's words and the labels of the
few enumerations that have no dimension table (statuses, funding sources, quarantine rules, ...).
"""

from __future__ import annotations

from warehouse.vocabulary import (  # noqa: F401 - re-exported for the pages
    ENUMS,
    STATUS_WORDS,
    countries,
    country_name,
    label,
    lang_index,
    status_word,
)

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

TEXT: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("Danish Healthtech – KPI", "Danish Healthtech – KPIs"),
    "page_overview": ("Overblik", "Overview"),
    "page_regions": ("Regioner og klynger", "Regions and clusters"),
    "page_themes": ("Temaer og teknologi", "Themes and technology"),
    "page_collaboration": ("Samarbejde", "Collaboration"),
    "page_funding": ("Finansiering og in-kind", "Funding and in-kind"),
    "page_explorer": ("Udforsk data", "Explorer"),
    "page_quality": ("Datakvalitet", "Data quality"),
    "page_report": ("Rapport", "Report"),
    # sidebar
    "language": ("Sprog", "Language"),
    "filters": ("Filtre", "Filters"),
    "year": ("År", "Year"),
    "as_of": ("Opgjort pr.", "As of"),
    "as_of_help": (
        "KPI'erne tæller aktiviteter og beløb til og med denne dato.",
        "The KPIs count activities and amounts up to and including this date.",
    ),
    "clusters": ("Klynger", "Clusters"),
    "themes": ("Temaer", "Themes"),
    "all": ("Alle", "All"),
    "reset_filters": ("Nulstil filtre", "Reset filters"),
    "link_hint": (
        "Filtrene står i adresselinjen: kopiér linket for at dele denne visning.",
        "The filters are in the address bar: copy the link to share this view.",
    ),
    "loaded_at": ("Data indlæst {when}", "Data loaded {when}"),
    # general states
    "missing_title": ("Der er ikke indlæst data endnu", "No data has been loaded yet"),
    "missing_body": (
        "Dashboardet fandt ingen warehouse-fil på `{path}`. Indlæs data med en af kommandoerne "
        "nedenfor (fra projektets rodmappe), og genindlæs siden.",
        "The dashboard found no warehouse file at `{path}`. Load data with one of the commands "
        "below (from the project's root folder) and reload the page.",
    ),
    "outdated_title": (
        "Data skal indlæses igen",
        "The data must be loaded again",
    ),
    "outdated_body": (
        "Datavarehuset på `{path}` er bygget af en anden version af programmet, så dets tabeller "
        "og definitioner passer ikke til denne. Indlæs de samme filer igen (fra projektets "
        "rodmappe), og genindlæs siden; intet går tabt, da filerne er arkiveret ved hver "
        "indlæsning.",
        "The warehouse at `{path}` was built by another version of the program, so its tables "
        "and definitions do not fit this one. Load the same files again (from the project's root "
        "folder) and reload the page; nothing is lost, as every load archives its files.",
    ),
    "missing_make": (
        "`make run` bygger warehouse fra `sample_data/` og starter dashboardet.",
        "`make run` builds the warehouse from `sample_data/` and starts the dashboard.",
    ),
    "error": (
        "Noget gik galt under visningen af denne side. Fejlen er logget (reference {ref}). "
        "Prøv at ændre filtrene eller genindlæs siden.",
        "Something went wrong while showing this page. The error has been logged (reference "
        "{ref}). Try changing the filters or reload the page.",
    ),
    "empty": (
        "Ingen data matcher de valgte filtre. Prøv et andet år eller færre filtre.",
        "No data matches the chosen filters. Try another year or fewer filters.",
    ),
    "empty_chart": ("Ingen data at vise", "No data to show"),
    "drill_hint": (
        "Klik på en søjle eller celle for at se detaljerne.",
        "Click a bar or cell to see the details.",
    ),
    "clear_selection": ("Ryd valg", "Clear selection"),
    "selected": ("Valgt: {what}", "Selected: {what}"),
    "total": ("I alt", "Total"),
    "none_tech": ("Ingen teknologi angivet", "No technology given"),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "unknown": ("Ukendt", "Unknown"),
    "secretariat": ("Sekretariatet", "Secretariat"),
    # access (ui/login.py, ui/access.py)
    "access_title": ("Danish Healthtech KPI", "Danish Healthtech KPI"),
    "access_login": (
        "Log ind med din arbejdskonto for at se dashboardet.",
        "Log in with your work account to see the dashboard.",
    ),
    "access_login_button": ("Log ind", "Log in"),
    "access_login_failed": (
        "Login er ikke sat rigtigt op på serveren; serverloggen siger hvorfor.",
        "Login is not set up correctly on the server; the server log says why.",
    ),
    "access_refused": (
        "Du er logget ind som {email}, men har ikke adgang til dashboardet. Kontakt "
        "netværkssekretariatet, hvis du skal have adgang.",
        "You are logged in as {email}, but you do not have access to the dashboard. Please "
        "contact the network secretariat if you need access.",
    ),
    "access_broken": (
        "Adgangslisten kan ikke læses lige nu; sekretariatet er underrettet via serverloggen.",
        "The access list cannot be read right now; the server log tells the secretariat why.",
    ),
    "access_closed": (
        "Dashboardet er lukket: login er ikke sat rigtigt op på serveren, så ingen får adgang, "
        "før det er rettet.",
        "The dashboard is closed: login is not set up correctly on the server, so nobody is let "
        "in until it is fixed.",
    ),
    "access_closed_admin": (
        "Til administratoren (står også i serverloggen; se docs/operations.md):",
        "For the administrator (also in the server log; see docs/operations.md):",
    ),
    "auth_not_toml": (
        "Hemmelighedsfilen {file} er ikke gyldig TOML: {error}",
        "The secrets file {file} is not valid TOML: {error}",
    ),
    "auth_unreadable": (
        "Hemmelighedsfilen {file} kan ikke læses: {error}",
        "The secrets file {file} cannot be read: {error}",
    ),
    "auth_no_section": (
        "Hemmelighederne i {file} har ingen [auth]-sektion. Tilføj den (login med Entra ID), "
        "eller fjern filen for åben lokal tilstand på en bærbar.",
        "The secrets in {file} have no [auth] section. Add it (login with Entra ID), or remove "
        "the file for open local mode on a laptop.",
    ),
    "auth_not_table": (
        "[auth] i {file} er ikke en tabel.",
        "[auth] in {file} is not a table.",
    ),
    "auth_empty": ("[auth] i {file} er tom.", "[auth] in {file} is empty."),
    "auth_missing": (
        "{section} i {file} mangler (eller har ikke tekst i) nøglerne: {keys}.",
        "{section} in {file} lacks (or has no text in) the keys: {keys}.",
    ),
    "auth_redirect": (
        "redirect_uri i [auth] i {file} skal ende på /oauth2callback.",
        "redirect_uri in [auth] in {file} must end with /oauth2callback.",
    ),
    "auth_no_provider": (
        "[auth] i {file} nævner ingen identitetsudbyder: client_id, client_secret og "
        "server_metadata_url direkte i [auth] eller i én [auth.<navn>]-tabel.",
        "[auth] in {file} names no identity provider: client_id, client_secret and "
        "server_metadata_url directly in [auth] or in one [auth.<name>] table.",
    ),
    "auth_providers": (
        "[auth] i {file} nævner flere identitetsudbydere ({names}); dashboardet bruger præcis én.",
        "[auth] in {file} names several identity providers ({names}); the dashboard uses "
        "exactly one.",
    ),
    "auth_provider_name": (
        "Udbyderen [auth.{name}] i {file} har et navn med understregning, som Streamlit afviser.",
        "The provider [auth.{name}] in {file} has an underscore in its name, which Streamlit "
        "refuses.",
    ),
    "auth_open_remote": (
        "Der er ingen hemmelighedsfil og ingen [auth], og serveren lytter på {address}, ikke kun "
        "lokalt. Åben tilstand uden login kræver her den udtrykkelige kontakt {switch}; ellers "
        "opsæt [auth] (docs/operations.md).",
        "There is no secrets file and no [auth], and the server listens on {address}, not only "
        "locally. Open mode without login needs the explicit switch {switch} here; otherwise set "
        "up [auth] (docs/operations.md).",
    ),
    "access_logout": ("Log ud", "Log out"),
    "access_signed_in": ("Logget ind som {email} · {role}", "Logged in as {email} · {role}"),
    "access_open_mode": (
        "Åben lokal tilstand: intet login, alle data er synlige for alle. Kun til en bærbar "
        "computer, aldrig til en server (se docs/operations.md).",
        "Open local mode: no login, all data visible to everyone. For a laptop only, never for "
        "a server (see docs/operations.md).",
    ),
    "access_scope_note": (
        "Du ser kun rækker for din klynge ({clusters}); de andre klynger ses som tal på de "
        "øvrige sider.",
        "You see only the rows of your cluster ({clusters}); the other clusters appear as "
        "figures on the other pages.",
    ),
    "access_scope": ("Adgang begrænset til klynge", "Access limited to cluster"),
    "role_open": ("Åben lokal tilstand", "Open local mode"),
    "role_steering": ("Styregruppe", "Steering committee"),
    "role_cluster_lead": ("Klyngeleder", "Cluster lead"),
    "role_ministry": ("Ministeriet", "Ministry"),
    # overview
    "overview_caption": (
        "Scorecard for {year}, opgjort pr. {as_of}. Status sammenligner med målet "
        "(i indeværende år med den forholdsmæssige forventning til datoen).",
        "Scorecard for {year} as of {as_of}. Status compares with the target (in the current "
        "year with the pro-rata expectation at that date).",
    ),
    "headline": ("Årets nøgletal", "Headline figures of the year"),
    "scorecard": ("Scorecard", "Scorecard"),
    "kpi": ("KPI", "KPI"),
    "actual": ("Resultat", "Actual"),
    "target": ("Mål", "Target"),
    "achievement": ("Målopfyldelse", "Achievement"),
    "status": ("Status", "Status"),
    "unit": ("Enhed", "Unit"),
    "burnup": ("Burn-up pr. KPI", "Burn-up per KPI"),
    "burnup_pick": ("Vis burn-up for", "Show burn-up for"),
    "burnup_none": ("(vælg en KPI)", "(choose a KPI)"),
    "cumulative_actual": ("Akkumuleret resultat", "Cumulative actual"),
    "target_line": ("Forholdsmæssigt mål", "Pro-rata target"),
    "month": ("Måned", "Month"),
    "activities": ("Aktiviteter", "Activities"),
    "participations": ("Deltagelser", "Participations"),
    "participants": ("Deltagere", "Participants"),
    "organisations": ("Organisationer", "Organisations"),
    "companies": ("Virksomheder", "Companies"),
    "smes": ("SMV'er", "SMEs"),
    "countries": ("Lande", "Countries"),
    "inkind_hours": ("In-kind timer", "In-kind hours"),
    "inkind_dkk": ("In-kind (kr.)", "In-kind (DKK)"),
    "inkind_mdkk": ("In-kind (mio. kr.)", "In-kind (DKK m)"),
    # regions
    "heatmap_title": ("Målopfyldelse pr. KPI og klynge (%)", "Achievement per KPI and cluster (%)"),
    "no_achievement": (
        "Ingen KPI har et mål for klyngerne med de valgte filtre (et temafilter fjerner målene, "
        "da de gælder hele klyngen).",
        "No KPI has a cluster target with the chosen filters (a theme filter removes the "
        "targets, which apply to the whole cluster).",
    ),
    "cluster_detail": ("Klyngedetaljer", "Cluster detail"),
    "pick_cluster": ("Klynge", "Cluster"),
    "reach_title": (
        "Deltagende organisationer efter deres egen region",
        "Participating organisations by their own region",
    ),
    "reach_caption": (
        "{region} er ikke partnerregion, men dens organisationer deltager.",
        "{region} is not a partner region, but its organisations take part.",
    ),
    "region": ("Region", "Region"),
    "cluster": ("Klynge", "Cluster"),
    # themes
    "theme": ("Tema", "Theme"),
    "technology": ("Teknologi", "Technology"),
    "measure": ("Mål for optælling", "Measure"),
    "grain": ("Periode", "Period"),
    "grain_year": ("År", "Year"),
    "grain_quarter": ("Kvartal", "Quarter"),
    "grain_month": ("Måned", "Month"),
    "matrix_title": (
        "{measure} pr. tema og teknologi, {year}",
        "{measure} by theme and technology, {year}",
    ),
    "over_time_title": ("{measure} over tid pr. tema", "{measure} over time by theme"),
    # collaboration
    "cross_regional": ("Tværregionalt samarbejde", "Cross-regional collaboration"),
    "region_matrix_title": (
        "Aktiviteter hvor organisationer fra to regioner mødtes",
        "Activities where organisations from two regions met",
    ),
    "network_title": ("Netværk af klynger og regioner", "Network of clusters and regions"),
    "network_caption": (
        "Linjer mellem klynger: aktiviteter med partnerklynge. Linjer til regioner: "
        "organisationer fra regionen i klyngens aktiviteter.",
        "Lines between clusters: activities with a partner cluster. Lines to regions: "
        "organisations from the region in the cluster's activities.",
    ),
    "international": ("Internationalt", "International"),
    "intl_orgs_title": (
        "Udenlandske organisationer pr. år og land",
        "Foreign organisations by year and country",
    ),
    "intl_acts_title": ("Aktiviteter i udlandet pr. år", "Activities abroad by year"),
    "priority_market": ("Prioriteret marked", "Priority market"),
    "other_market": ("Andre lande", "Other countries"),
    "country": ("Land", "Country"),
    # funding
    "grant_title": (
        "Ministeriets bevilling: tildelt og forbrugt",
        "Ministry grant: allocated and spent",
    ),
    "by": ("Opdel efter", "Split by"),
    "quarter": ("Kvartal", "Quarter"),
    "category": ("Kategori", "Category"),
    "amount_dkk": ("Beløb (kr.)", "Amount (DKK)"),
    "inkind_title": ("In-kind timer og værdi", "In-kind hours and value"),
    "org_type": ("Organisationstype", "Organisation type"),
    "cofinancing_title": ("Regional medfinansiering", "Regional co-financing"),
    "cofinancing_ratio": ("Medfinansieringsgrad", "Co-financing ratio"),
    "utilisation": ("Udnyttelse af bevilling", "Grant utilisation"),
    # explorer
    "explorer_caption": (
        "Filtrér på alle dimensioner, pivotér og hent præcis de filtrerede rækker.",
        "Filter on every dimension, pivot, and download exactly the filtered rows.",
    ),
    "date_range": ("Periode (startdato)", "Date range (start date)"),
    "activity_type": ("Aktivitetstype", "Activity type"),
    "activity_status": ("Aktivitetsstatus", "Activity status"),
    "sme": ("SMV", "SME"),
    "sme_any": ("Alle", "Any"),
    "rows": ("Rækker", "Rows"),
    "columns": ("Kolonner", "Columns"),
    "none_dim": ("(ingen)", "(none)"),
    "pivot": ("Pivottabel", "Pivot table"),
    "matching_rows": ("Matchende rækker", "Matching rows"),
    "showing": ("Viser {n} af {m} rækker.", "Showing {n} of {m} rows."),
    "download_csv": ("Hent CSV", "Download CSV"),
    "download_xlsx": ("Hent Excel", "Download Excel"),
    "filters_sheet": ("Filtre", "Filters"),
    "filter": ("Filter", "Filter"),
    "value": ("Værdi", "Value"),
    "warehouse_loaded_at": ("Warehouse indlæst", "Warehouse loaded at"),
    "exported_at": ("Eksporteret", "Exported at"),
    "row_count": ("Antal rækker", "Number of rows"),
    "more_filters": ("Flere filtre", "More filters"),
    "host_region": ("Værtsregion", "Host region"),
    # data quality
    "load_history": ("Indlæsningshistorik", "Load history"),
    "files_of_load": ("Filer i indlæsning", "Files of load"),
    "load": ("Indlæsning", "Load"),
    "quarantine": ("Rækker i karantæne", "Quarantined rows"),
    "quarantine_none": ("Ingen rækker i karantæne.", "No quarantined rows."),
    "file": ("Fil", "File"),
    "kind": ("Filtype", "Kind of file"),
    "rule": ("Regel", "Rule"),
    "last_delivery": (
        "Seneste levering pr. klynge og filtype",
        "Last delivery per cluster and kind",
    ),
    "last_delivery_caption": (
        "En levering er første gang en fil med et nyt indhold blev indlæst. Klyngen læses af "
        "filnavnet; filer uden klyngekode er sekretariatets.",
        "A delivery is the first load that saw a file with new content. The cluster is read from "
        "the file name; files without a cluster code are the secretariat's.",
    ),
    "download_quarantine": ("Hent karantæne (CSV)", "Download quarantine (CSV)"),
    "files_count": ("Filer", "Files"),
    "row_number": ("Række", "Row"),
    "column_name": ("Kolonne", "Column"),
    "message": ("Besked", "Message"),
    "rows_read": ("Læst", "Read"),
    "rows_loaded": ("Indlæst", "Loaded"),
    "rows_quarantined": ("I karantæne", "Quarantined"),
    # entries of the input folder that a load did not read (load_skipped)
    "skipped_title": ("Ikke indlæst fra mappen", "Not read from the folder"),
    "skipped_caption": (
        "Filer og mapper i inputmappen, som indlæsningen sprang over, og hvorfor. Ret navnet "
        "eller formatet, og indlæs igen.",
        "Files and folders in the input folder that the load skipped, and why. Fix the name or "
        "the format and load again.",
    ),
    "skipped_none": (
        "Indlæsningen læste alt i inputmappen.",
        "The load read everything in the input folder.",
    ),
    "entry": ("Navn", "Name"),
    "skip_reason": ("Årsag", "Reason"),
    # year-end forecast and year on year (warehouse/forecast.py)
    "forecast": ("Prognose 31/12", "Forecast 31 Dec"),
    "forecast_status": ("Prognosestatus", "Forecast status"),
    "previous_year": ("Sidste år, samme dato", "Last year, same date"),
    "change": ("Ændring", "Change"),
    "show_previous_year": ("Vis sidste år", "Show last year"),
    "forecast_caption": (
        "Prognose: hvor året ender i det nuværende tempo (sidste års forløb som profil, ellers "
        "lineært). ≈: usikker prognose (under tre måneder af året eller ingen historik). "
        "⚠: på sporet i dag, men prognosen når ikke målet.",
        "Forecast: where the year ends at the current pace (last year's course as the profile, "
        "else linear). ≈: unreliable (under three months of the year, or no history). "
        "⚠: on track today, but the forecast falls short of the target.",
    ),
    "forecast_warnings": (
        "På sporet i dag, men prognosen når ikke målet: {kpis}",
        "On track today, but the forecast falls short of the target: {kpis}",
    ),
    # notes on KPIs (warehouse/notes.py)
    "notes": ("Bemærkninger", "Notes"),
    "kpi_detail": ("Nøgletal i detaljer", "KPI in detail"),
    "kpi_detail_pick": ("Vis nøgletal", "Show KPI"),
    "notes_for_kpi": ("Bemærkninger og handlinger", "Notes and actions"),
    "notes_by_cluster": ("Bemærkninger for klyngen", "Notes for the cluster"),
    "whole_network": ("Hele netværket", "Whole network"),
    "notes_none": ("Ingen bemærkninger endnu.", "No notes yet."),
    "notes_read_only": (
        "Din rolle kan læse bemærkninger, men ikke skrive dem.",
        "Your role can read notes, but not write them.",
    ),
    "notes_unreadable": (
        "Bemærkningerne kunne ikke læses ({path}); tallene vises alligevel.",
        "The notes could not be read ({path}); the figures are shown anyway.",
    ),
    "notes_unwritable": (
        "Bemærkningen kunne ikke gemmes: filen med bemærkninger kan ikke skrives. "
        "Kontakt sekretariatet.",
        "The note could not be saved: the notes file cannot be written. Contact the secretariat.",
    ),
    "note_meta": ("Nr. {id} · {scope} · {when}", "No. {id} · {scope} · {when}"),
    "note_edited": ("redigeret", "edited"),
    "note_scope": ("Omfang", "Scope"),
    "note_text": ("Bemærkning", "Note"),
    "note_action": ("Handling", "Action"),
    "note_owner": ("Ansvarlig", "Owner"),
    "note_due": ("Frist", "Due"),
    "note_author": ("Skrevet af", "Written by"),
    "note_when": ("Tidspunkt", "When"),
    "note_version": ("Version", "Version"),
    "note_history": ("Tidligere versioner", "Earlier versions"),
    "note_write": ("Skriv en bemærkning", "Write a note"),
    "note_edit": ("Ret en bemærkning", "Edit a note"),
    "note_pick": ("Bemærkning", "Note"),
    "note_number": ("Nr. {id}", "No. {id}"),
    "note_save": ("Gem bemærkning", "Save note"),
    "note_save_version": ("Gem ny version", "Save new version"),
    "note_saved": ("Bemærkning nr. {id} er gemt.", "Note no. {id} is saved."),
    "note_saved_version": (
        "Bemærkning nr. {id} er gemt som version {version}.",
        "Note no. {id} is saved as version {version}.",
    ),
    "note_your_email": ("Din e-mailadresse", "Your e-mail address"),
    "note_email_help": (
        "Uden login skrives bemærkninger med den adresse, du angiver her.",
        "Without a login, notes are signed with the address you give here.",
    ),
    "note_err_permission": (
        "Din rolle må ikke skrive bemærkninger for dette omfang.",
        "Your role may not write notes for this scope.",
    ),
    "note_err_empty": ("Bemærkningen er tom.", "The note is empty."),
    "note_err_too_long": ("Teksten er for lang.", "The text is too long."),
    "note_err_control": (
        "Teksten indeholder kontroltegn; skriv den igen uden dem.",
        "The text contains control characters; write it again without them.",
    ),
    "note_err_email": (
        "Angiv en gyldig e-mailadresse (din egen og den ansvarliges).",
        "Give a valid e-mail address (your own and the owner's).",
    ),
    "note_err_due": ("Fristen er ikke en dato.", "The due date is not a date."),
    "note_err_year": ("Året er ugyldigt.", "The year is not valid."),
    "note_err_kpi": ("Ukendt nøgletal.", "Unknown KPI."),
    "note_err_scope": ("Ukendt klynge.", "Unknown cluster."),
    "note_err_no_note": ("Bemærkningen findes ikke.", "The note does not exist."),
    "note_err_no_change": (
        "Den nye version er magen til den gamle; intet er gemt.",
        "The new version is the same as the old one; nothing is saved.",
    ),
}

#: KPI status → (Danish, English) label, capitalised for a table cell (the vocabulary's words).
STATUS: dict[str, tuple[str, str]] = {
    code: (status_word(code, "da", capital=True), status_word(code, "en", capital=True))
    for code in STATUS_WORDS
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Return the UI text `key` in `lang`, formatted with `values`; the key itself if unknown."""
    pair = TEXT.get(key)
    text = pair[lang_index(lang)] if pair else key
    return text.format(**values) if values else text


def status_label(status: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The words of a KPI status, capitalised (the code itself if unknown)."""
    return status_word(status, lang, capital=True)


def enum_label(enum: str, code: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of a code of one of the vocabulary's ENUMS (the code itself if unknown)."""
    return label(enum, code, lang)
