"""The activities of one replica and who took part in them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.sample_network import (
    ACTIVITY_TYPES,
    AFFINITY,
    CLUSTER_NAMES,
    CLUSTER_P,
    CLUSTERS,
    COUNTRY_DA,
    COVID_CUTOFF,
    HOME_REGION,
    MARKETS,
    ORG_TYPES,
    REGIONS,
    SIZE,
    TECHNOLOGIES,
    THEMES,
    TITLE_FORMAT,
    TOPICS,
    TYPE_P_AFTER,
    TYPE_P_BEFORE,
    id_suffix,
    to_weekday,
)


def make_activities(rng: np.random.Generator, replica: int, n: int = 500) -> pd.DataFrame:
    """Return the activities of one replica, sorted by lead cluster and start."""
    sfx = id_suffix(replica)
    month_w = np.array([0.8, 1.0, 1.1, 1.0, 1.0, 0.9, 0.3, 0.7, 1.1, 1.1, 1.1, 0.7] * 2)
    month = rng.choice(24, size=n, p=month_w / month_w.sum())
    start_month = np.datetime64("2019-01") + month.astype("timedelta64[M]")
    first = start_month.astype("datetime64[D]")
    days = ((start_month + 1).astype("datetime64[D]") - first).astype(int)
    start = to_weekday(first + (rng.random(n) * days).astype(int).astype("timedelta64[D]"))
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


def make_participations(
    rng: np.random.Generator, orgs: pd.DataFrame, acts: pd.DataFrame
) -> pd.DataFrame:
    """Return who took part in each activity (organiser, partners, drawn participants)."""
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
