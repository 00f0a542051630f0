"""The organisations of one replica: knowledge institutions, public bodies, clusters, companies."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.sample_defects import DORMANT_INDEX
from etl.sample_network import (
    ABROAD,
    ABROAD_STEMS,
    CLUSTER_NAMES,
    CLUSTERS,
    COMPANY_PREFIXES,
    COMPANY_REGION_P,
    COMPANY_STEMS,
    CVR_WEIGHTS,
    HOME_REGION,
    KNOWLEDGE_INSTITUTIONS,
    MUNICIPALITIES,
    N_COMPANIES,
    OTHER_ORGS,
    REGION_ORGS,
    id_suffix,
)


def valid_cvrs(rng: np.random.Generator, n: int) -> np.ndarray:
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


def make_orgs(rng: np.random.Generator, replica: int) -> pd.DataFrame:
    """Return the organisations of one replica, the dormant company at its fixed row."""
    sfx = id_suffix(replica)
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
            "cvr": valid_cvrs(rng, n_dk),
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
    order.insert(DORMANT_INDEX - len(core), dormant_pos)
    mixed = mixed.iloc[order].reset_index(drop=True)
    orgs = pd.concat([core, mixed], ignore_index=True)
    orgs["dormant"] = False
    orgs.loc[DORMANT_INDEX, "dormant"] = True
    if replica == 0:  # the deliberate cvr_checksum defect: a wrong check digit
        good = orgs.loc[DORMANT_INDEX, "cvr"]
        orgs.loc[DORMANT_INDEX, "cvr"] = good[:7] + str((int(good[7]) + 3) % 10)
    orgs.insert(0, "org_id", [f"ORG-{i + 1:04d}{sfx}" for i in range(len(orgs))])
    return orgs
