"""The shape of the sample network: clusters, regions, names and the odds the generator draws with.

Constants only, plus two small helpers every table generator uses (docs/sample-data.md).
"""

from __future__ import annotations

import numpy as np

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
# Denmark closed down on 11 March 2020: from then on no travel abroad, and webinars instead.
COVID_CUTOFF = np.datetime64("2020-03-11")

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


def id_suffix(replica: int) -> str:
    """Return the id suffix of a replica: none for replica 0, `-R<n>` after."""
    return "" if replica == 0 else f"-R{replica}"


def to_weekday(dates: np.ndarray) -> np.ndarray:
    """Move Saturdays back to Friday and Sundays on to Monday."""
    dow = (dates.astype("int64") - 4) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    return dates - (dow == 5).astype("timedelta64[D]") + (dow == 6).astype("timedelta64[D]")
