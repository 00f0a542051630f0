-- Grants and co-financing by quarter; period_start is the first day of the quarter.
-- Key funding_id: unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
CREATE TABLE funding (
    funding_id   VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    quarter      INTEGER NOT NULL,
    period_start DATE NOT NULL,
    source       VARCHAR NOT NULL,
    flow         VARCHAR NOT NULL,
    cluster      VARCHAR NOT NULL,
    region       VARCHAR,
    category     VARCHAR NOT NULL,
    amount_dkk   DECIMAL(18, 2) NOT NULL,
    source_file  VARCHAR NOT NULL,
    source_row   INTEGER NOT NULL
);
