-- KPI targets per year, national (scope ALL) or per cluster code.
CREATE TABLE targets (
    kpi_id      VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    scope       VARCHAR NOT NULL,
    target      DOUBLE NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row  INTEGER NOT NULL,
    PRIMARY KEY (kpi_id, year, scope)
);
