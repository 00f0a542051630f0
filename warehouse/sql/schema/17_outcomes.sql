-- The yearly impact survey of participating organisations.
-- Key (org_id, year): unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
-- org_key: the key of org_id (checks/keys_match_ids.sql).
CREATE TABLE outcomes (
    org_key           INTEGER NOT NULL,
    org_id            VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    new_knowledge     BOOLEAN NOT NULL,
    new_product       BOOLEAN NOT NULL,
    new_collaboration BOOLEAN NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL
);
