"""The rule families of the mutation run: which files are mutated and which tests judge them.

SQL families are found by directory glob, so a new file in a folder is mutated without a change
here; a family whose folder holds no file simply has no mutants. A SQL folder under warehouse/sql
that no family covers and that is not listed in NOT_RULES is reported by the run, so a new folder
of rules is not missed.

Python families name their functions and constants (`path::qualname`); a name that no longer
exists is reported, not skipped silently.

`tests` are pytest arguments in the order they run; globs are expanded, and the fast, pointed
tests come first, because each mutant stops at the first failure (-x).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Folders of warehouse/sql that hold no rules of their own: the DDL, and the dashboard's and the
# report's queries (their shared rules are the models, warehouse/sql/models/, mutated below).
NOT_RULES = ("schema", "queries", "report")

KPI_TESTS = (
    "tests/test_rules_kpi*.py",
    "tests/test_kpi.py",
    "tests/test_kpi_engine.py",
    "tests/test_kpi_cli.py",
    "tests/test_kpi_pandas.py",
)


@dataclass(frozen=True)
class Family:
    """A family of rules: SQL files by glob, or Python functions by name, and its tests."""

    name: str
    title: str
    tests: tuple[str, ...]
    sql: tuple[str, ...] = ()  # globs of SQL files, relative to the repository root
    python: dict[str, tuple[str, ...]] = field(default_factory=dict)  # path -> qualnames

    def sql_files(self, root: Path) -> list[Path]:
        files = {p for pattern in self.sql for p in root.glob(pattern) if p.is_file()}
        return sorted(files)

    def test_args(self, root: Path) -> tuple[list[str], list[str]]:
        """(pytest arguments, patterns that matched nothing)."""
        args, missing = [], []
        for pattern in self.tests:
            path_part = pattern.split("::")[0]
            if any(ch in path_part for ch in "*?["):
                found = sorted(str(p.relative_to(root)) for p in root.glob(path_part))
                args.extend(found)
                if not found:
                    missing.append(pattern)
            elif (root / path_part).exists():
                args.append(pattern)
            else:
                missing.append(pattern)
        return args, missing


FAMILIES: tuple[Family, ...] = (
    Family(
        name="kpi",
        title="KPI definitions (warehouse/sql/kpi/*.sql)",
        sql=("warehouse/sql/kpi/*.sql",),
        tests=KPI_TESTS,
    ),
    Family(
        name="kpi_sets",
        title="Shared KPI sets (warehouse/sql/kpi/sets/*.sql)",
        sql=("warehouse/sql/kpi/sets/*.sql",),
        tests=KPI_TESTS,
    ),
    Family(
        name="models",
        title="Semantic models (warehouse/sql/models/*.sql)",
        sql=("warehouse/sql/models/*.sql",),
        tests=("tests/test_models.py", *KPI_TESTS, "tests/test_queries.py"),
    ),
    Family(
        name="checks",
        title="Warehouse checks (warehouse/sql/checks/*.sql)",
        sql=("warehouse/sql/checks/*.sql",),
        tests=("tests/test_rules_checks*.py", "tests/test_load.py"),
    ),
    Family(
        name="status",
        title="Status bands and pro-rata (warehouse/kpi_status.py)",
        python={
            "warehouse/kpi_status.py": (
                "PRO_RATA_UNITS",
                "_missing",
                "_exact",
                "days_in_year",
                "kpi_status",
                "pro_rata_target",
            ),
        },
        tests=(
            "tests/test_rules_status*.py",
            "tests/test_kpi_status.py",
            "tests/test_kpi.py",
        ),
    ),
    Family(
        name="forecast",
        title="Year-end forecast (warehouse/forecast.py)",
        python={
            "warehouse/forecast.py": (
                "same_date_last_year",
                "forecast_value",
                "forecast_reliable",
                "forecast_status",
            ),
        },
        tests=("tests/test_forecast.py",),
    ),
    Family(
        name="cvr",
        title="CVR checksum (etl/parse.py, etl/schemas.py)",
        python={
            "etl/parse.py": ("CVR_WEIGHTS", "valid_cvr"),
            "etl/schemas.py": ("Organisations._cvr",),
        },
        tests=("tests/test_rules_parsing*.py", "tests/test_load.py"),
    ),
    Family(
        name="rate_cap",
        title="In-kind rate cap and hours (etl/checks.py, etl/schemas.py)",
        python={
            # Inkind._rate_cap is `within(s, None, RATE_CAP_DKK.get())`: its rule is `within`
            # and the default cap, mutated here
            "etl/checks.py": ("within",),
            "etl/schemas.py": ("Inkind._hours",),
            "warehouse/reference.py": ("DEFAULT_RATE_CAP_DKK",),
        },
        tests=("tests/test_rules_parsing*.py", "tests/test_load.py"),
    ),
    Family(
        name="numbers",
        title="Parsing of numbers (etl/parse.py, etl/checks.py)",
        python={
            "etl/parse.py": (
                "_PLAIN_NUMBER",
                "_COMMA_NUMBER",
                "canonical_numbers",
                "parse_number",
                "parse_int",
            ),
            "etl/checks.py": ("is_number", "is_int"),
        },
        tests=("tests/test_rules_parsing*.py", "tests/test_read_paths.py", "tests/test_load.py"),
    ),
    Family(
        name="dates",
        title="Parsing of dates, months and booleans (etl/parse.py, etl/kinds.py, etl/checks.py)",
        python={
            "etl/parse.py": (
                "TRUE_WORDS",
                "FALSE_WORDS",
                "_DATE_FORMATS",
                "_MIDNIGHT",
                "_parse_formats",
                "parse_date",
                "parse_month",
                "parse_bool",
            ),
            "etl/kinds.py": ("YEAR_RANGE",),
            "etl/checks.py": ("is_date", "date_in_range", "is_bool"),
        },
        tests=("tests/test_rules_parsing*.py", "tests/test_read_paths.py", "tests/test_load.py"),
    ),
)


def uncovered_sql_folders(root: Path) -> list[str]:
    """Folders of warehouse/sql with .sql files that no family mutates and NOT_RULES omits."""
    sql_root = root / "warehouse" / "sql"
    covered = {p for f in FAMILIES for p in f.sql_files(root)}
    folders = set()
    for path in sql_root.rglob("*.sql"):
        top = path.relative_to(sql_root).parts[0]
        if path not in covered and top not in NOT_RULES:
            folders.add(str(path.parent.relative_to(root)))
    return sorted(folders)
