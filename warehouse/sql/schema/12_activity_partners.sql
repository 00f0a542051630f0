-- Partner clusters of an activity (the `partner_clusters` column split into rows).
-- Key (activity_id, cluster): unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
-- activity_key: the key of activity_id (checks/keys_match_ids.sql); stored in (activity_key,
-- cluster) order.
CREATE TABLE activity_partners (
    activity_key INTEGER NOT NULL,
    activity_id  VARCHAR NOT NULL,
    cluster      VARCHAR NOT NULL
);
