-- Follow-on funding applications that grew out of an activity.
-- Key application_id: unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
-- activity_key, lead_org_key: the keys of activity_id and lead_org_id
-- (checks/keys_match_ids.sql); stored in (activity_key, application_id) order.
CREATE TABLE applications (
    activity_key       INTEGER NOT NULL,
    lead_org_key       INTEGER NOT NULL,
    application_id     VARCHAR NOT NULL,
    activity_id        VARCHAR NOT NULL,
    lead_org_id        VARCHAR NOT NULL,
    fund               VARCHAR NOT NULL,
    submitted_date     DATE NOT NULL,
    amount_applied_dkk DECIMAL(18, 2) NOT NULL,
    status             VARCHAR NOT NULL,
    amount_granted_dkk DECIMAL(18, 2),
    source_file        VARCHAR NOT NULL,
    source_row         INTEGER NOT NULL
);
