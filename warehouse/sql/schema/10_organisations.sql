-- Organisations (secretariat file). is_sme: a company with employees known and < 250.
-- Key org_id: unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
-- org_key: the integer surrogate key, 1..n in org_id order; the table is stored in that order.
-- Keys are internal (joins only), checked by checks/keys_match_ids.sql (docs/loading.md, "Keys").
CREATE TABLE organisations (
    org_key     INTEGER NOT NULL,
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
