"""The deterministic sample data of `healthtech sample` (see docs/sample-data.md).

The generator writes the files the four clusters and the secretariat would send for 2019-2020, in
the formats real cluster systems export (UTF-8 CSV, Danish-Excel CSV in Windows-1252 with `;`,
XLSX). The network is built in *replicas*: replica 0 is the shipped sample (`--scale 1`); with
`--scale N` replicas 1..N-1 are further, independent networks of the same size whose ids carry the
suffix `-R<n>`. Each replica has its own random stream (numpy `default_rng([seed, replica])`), so
the same seed and scale always give byte-identical files, and replica 0 is the same at every scale.
Replicas are generated and written in chunks, so memory stays flat whatever the scale.

The parts: etl/sample_network.py (names and odds), sample_organisations.py, sample_activities.py
and sample_contributions.py (the tables), sample_defects.py (the rows that break a rule on
purpose), sample_formats.py (CSV dialects and XLSX) and sample_targets.py (targets calibrated on
the KPI engine's actual values). This module puts them together and holds the CLI.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from etl.sample_activities import make_activities, make_participations
from etl.sample_contributions import make_applications, make_funding, make_inkind, make_outcomes
from etl.sample_defects import DELIBERATE_DEFECTS, cluster_rows, inject_defects
from etl.sample_formats import (
    CLUSTER_FORMAT,
    DANISH_EXCEL,
    UTF8,
    UTF8_BINARY,
    XLSX,
    CsvWriter,
    Dialect,
    XlsxWriter,
)
from etl.sample_network import CLUSTERS, DEFAULT_SEED, YEARS, id_suffix
from etl.sample_organisations import make_orgs
from etl.sample_targets import calibrated_targets, engine_actuals

__all__ = ["DEFAULT_SEED", "DELIBERATE_DEFECTS", "cli_sample", "generate_sample"]

# Replicas generated (and written) together; bounds memory at large scales.
CHUNK_REPLICAS = 25


def _replica(seed: int, replica: int) -> dict[str, pd.DataFrame]:
    """Return every table of one replica of the network, without the deliberate defects."""
    rng = np.random.default_rng([seed, replica])
    orgs = make_orgs(rng, replica)
    acts = make_activities(rng, replica)
    parts = make_participations(rng, orgs, acts)
    ink = make_inkind(rng, orgs, acts, parts)
    fund = make_funding(rng, replica)
    apps = make_applications(rng, replica, orgs, acts, parts)
    outc = make_outcomes(rng, orgs, acts, parts)
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
            f"IK-{c}-{i + 1:05d}{id_suffix(replica)}" for i in range(int(mask.sum()))
        ]
    return tables


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
    """Return the names of every file the generator writes at any scale."""
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
    writers: dict[str, CsvWriter | XlsxWriter] = {}
    for name, (kind, fmt, _) in plan.items():
        if kind == "targets":
            continue
        path = out_dir / name
        writers[name] = XlsxWriter(path, kind) if fmt == XLSX else CsvWriter(path, kind, fmt)
    try:
        for first in range(0, scale, CHUNK_REPLICAS):
            replicas = [_replica(seed, r) for r in range(first, min(scale, first + CHUNK_REPLICAS))]
            if first == 0:
                inject_defects(replicas[0])
            for name, (kind, _, cluster) in plan.items():
                if kind == "targets":
                    continue
                parts = [rep[kind] for rep in replicas]
                if cluster is not None:
                    parts = [cluster_rows(f, cluster) for f in parts]
                if kind == "outcomes":
                    year = int(name[len("outcomes_") : len("outcomes_") + 4])
                    parts = [f[f["year"] == year] for f in parts]
                writers[name].write(pd.concat(parts, ignore_index=True))
    finally:
        for writer in writers.values():
            writer.close()
    # the KPI engine's actual values of the data just written (the load quarantines the defects)
    actual = engine_actuals([out_dir / name for name in writers])
    writer = CsvWriter(out_dir / "targets.csv", "targets", UTF8)
    writer.write(calibrated_targets(actual, seed))
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
