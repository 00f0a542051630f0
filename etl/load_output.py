"""The account of a load for a person: the problems of each file and the summary."""

from __future__ import annotations

import pandas as pd

from etl.load_result import LoadResult
from etl.names import show
from warehouse.vocabulary import label


def format_problems(quarantine: pd.DataFrame, per_file: int = 3) -> str:
    """Return, per file, its most common problems with one example each."""
    lines = []
    records = quarantine.assign(column_name=quarantine["column_name"].fillna("").astype(object))
    for file_name, group in records.groupby("source_file", sort=True):
        # counted by pandas, not row by row in Python: a file may have a million records
        counts = group.groupby(["rule", "column_name"], sort=False).size()
        counts = counts.sort_values(ascending=False, kind="stable").head(per_file)
        firsts = group.drop_duplicates(["rule", "column_name"]).set_index(["rule", "column_name"])
        lines.append(f"  {file_name}:")
        for (rule, column), n in counts.items():
            example = firsts.loc[(rule, column)]
            value = example["original_value"]
            shown = f" '{show(value)}'" if isinstance(value, str) and value else ""
            where = f" in {column}" if column else ""
            # the rule in words, not its code (docs/domain.md lists the codes with their words)
            lines.append(
                f"    {n} × {label('rule', rule, 'en')}{where}: {example['message']} "
                f"(e.g. row {example['row_number']}{shown})"
            )
    return "\n".join(lines)


def format_summary(result: LoadResult) -> str:
    """Return the account of a load for a person: every entry of the input folder.

    Each file read: its rows read, loaded, quarantined and skipped (blank or title rows); each
    entry not read: why, and what to do.
    """
    width = max([len(s.file_name) for s in result.files] + [4])
    lines = [
        f"{'file':<{width}}  {'read':>9}  {'loaded':>9}  {'quarantined':>11}  {'skipped':>7}",
    ]
    for s in result.files:
        lines.append(
            f"{s.file_name:<{width}}  {s.rows_read:>9,}  {s.rows_loaded:>9,}  "
            f"{s.rows_quarantined:>11,}  {s.rows_skipped:>7,}"
        )
    total_q = sum(s.rows_quarantined for s in result.files)
    lines.append(
        f"{'total':<{width}}  {sum(s.rows_read for s in result.files):>9,}  "
        f"{sum(s.rows_loaded for s in result.files):>9,}  {total_q:>11,}  "
        f"{sum(s.rows_skipped for s in result.files):>7,}"
    )
    lines.append("(skipped: blank rows and rows above the header)")
    for s in result.files:
        if s.message:
            lines.append(f"note: {s.file_name}: {s.message}")
    if result.skipped:
        lines.append("")
        lines.append(f"Not read ({len(result.skipped)} of the folder's entries):")
        lines += [f"  {e.name}: {e.message}" for e in result.skipped]
    if result.quarantine is not None and not result.quarantine.empty:
        lines.append("")
        lines.append("Most common problems (rows kept aside in quarantine):")
        lines.append(format_problems(result.quarantine))
        lines.append(
            "Details: the dashboard's Datakvalitet page, or the table `quarantine` in "
            f"{result.warehouse}."
        )
    return "\n".join(lines)
