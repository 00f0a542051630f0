-- Knowledge-bridge activities, one row each; partner clusters are in activity_partners.
-- Key activity_id: unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
CREATE TABLE activities (
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
