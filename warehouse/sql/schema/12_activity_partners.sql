-- Partner clusters of an activity (the `partner_clusters` column split into rows).
CREATE TABLE activity_partners (
    activity_id VARCHAR NOT NULL,
    cluster     VARCHAR NOT NULL,
    PRIMARY KEY (activity_id, cluster)
);
