-- An organisation's participation in an activity.
CREATE TABLE participations (
    activity_id  VARCHAR NOT NULL,
    org_id       VARCHAR NOT NULL,
    participants INTEGER NOT NULL,
    role         VARCHAR NOT NULL,
    source_file  VARCHAR NOT NULL,
    source_row   INTEGER NOT NULL,
    PRIMARY KEY (activity_id, org_id)
);
