-- Partner clusters of an activity (the `partner_clusters` column split into rows).
-- Key (activity_id, cluster): unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
CREATE TABLE activity_partners (
    activity_id VARCHAR NOT NULL,
    cluster     VARCHAR NOT NULL
);
