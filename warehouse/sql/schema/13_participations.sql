-- An organisation's participation in an activity.
-- Key (activity_id, org_id): unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
CREATE TABLE participations (
    activity_id  VARCHAR NOT NULL,
    org_id       VARCHAR NOT NULL,
    participants INTEGER NOT NULL,
    role         VARCHAR NOT NULL,
    source_file  VARCHAR NOT NULL,
    source_row   INTEGER NOT NULL
);
