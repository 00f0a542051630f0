-- An organisation's participation in an activity.
-- Key (activity_id, org_id): unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
-- activity_key, org_key: the keys of activity_id and org_id (checks/keys_match_ids.sql);
-- stored in (activity_key, org_key) order.
CREATE TABLE participations (
    activity_key INTEGER NOT NULL,
    org_key      INTEGER NOT NULL,
    activity_id  VARCHAR NOT NULL,
    org_id       VARCHAR NOT NULL,
    participants INTEGER NOT NULL,
    role         VARCHAR NOT NULL,
    source_file  VARCHAR NOT NULL,
    source_row   INTEGER NOT NULL
);
