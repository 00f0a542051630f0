-- KPI targets per year, national (scope ALL) or per cluster code.
-- Key (kpi_id, year, scope): unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
CREATE TABLE targets (
    kpi_id      VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    scope       VARCHAR NOT NULL,
    target      DOUBLE NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row  INTEGER NOT NULL
);
