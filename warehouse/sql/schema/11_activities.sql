-- Knowledge-bridge activities, one row each; partner clusters are in activity_partners.
-- Key activity_id: unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
-- activity_key: the integer surrogate key, 1..n in (start_date, activity_id) order; the table
-- is stored in that order. Checked by checks/keys_match_ids.sql (docs/loading.md, "Keys").
CREATE TABLE activities (
    activity_key   INTEGER NOT NULL,
    activity_id    VARCHAR NOT NULL,
    title          VARCHAR NOT NULL,
    activity_type  VARCHAR NOT NULL,
    lead_cluster   VARCHAR NOT NULL,
    theme          VARCHAR NOT NULL,
    technology     VARCHAR,
    start_date     DATE NOT NULL,
    end_date       DATE NOT NULL,
    region         VARCHAR,
    country        VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    users_involved BOOLEAN NOT NULL,
    source_file    VARCHAR NOT NULL,
    source_row     INTEGER NOT NULL
);
