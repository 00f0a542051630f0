"""What one replica puts in and gets out: in-kind hours, funding, applications, outcomes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.sample_network import (
    CLUSTER_P,
    CLUSTERS,
    HOME_REGION,
    HOURS_PER_PERSON,
    YEARS,
    id_suffix,
    to_weekday,
)


def make_inkind(
    rng: np.random.Generator, orgs: pd.DataFrame, acts: pd.DataFrame, parts: pd.DataFrame
) -> pd.DataFrame:
    """Return the in-kind hours of completed activities and project timesheets."""
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


def make_funding(rng: np.random.Generator, replica: int) -> pd.DataFrame:
    """Return the ministry grant and the regional co-financing by quarter and cluster."""
    sfx = id_suffix(replica)
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


def make_applications(
    rng: np.random.Generator,
    replica: int,
    orgs: pd.DataFrame,
    acts: pd.DataFrame,
    parts: pd.DataFrame,
    n: int = 80,
) -> pd.DataFrame:
    """Return the follow-on funding applications grown out of completed activities."""
    sfx = id_suffix(replica)
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
    submitted = to_weekday(np.minimum(submitted, np.datetime64("2020-12-15")))
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


def make_outcomes(
    rng: np.random.Generator, orgs: pd.DataFrame, acts: pd.DataFrame, parts: pd.DataFrame
) -> pd.DataFrame:
    """Return the yearly survey answers of Danish companies that took part that year."""
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
