-- Organisations (secretariat file). is_sme: a company with employees known and < 250.
-- Key org_id: unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
CREATE TABLE organisations (
    org_id      VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    org_type    VARCHAR NOT NULL,
    cvr         VARCHAR,
    employees   INTEGER,
    region      VARCHAR,
    country     VARCHAR NOT NULL,
    is_sme      BOOLEAN NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row  INTEGER NOT NULL
);
