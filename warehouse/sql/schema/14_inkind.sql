-- In-kind hours; `month` is the first day of the month, value_dkk = hours × hourly_rate_dkk.
-- Key entry_id: unique, enforced by checks/keys_are_unique.sql (see docs/loading.md).
-- activity_key, org_key: the keys of activity_id and org_id (checks/keys_match_ids.sql);
-- stored in (activity_key, month, entry_id) order.
CREATE TABLE inkind (
    activity_key    INTEGER NOT NULL,
    org_key         INTEGER NOT NULL,
    entry_id        VARCHAR NOT NULL,
    org_id          VARCHAR NOT NULL,
    activity_id     VARCHAR NOT NULL,
    month           DATE NOT NULL,
    hours           DECIMAL(10, 2) NOT NULL,
    hourly_rate_dkk DECIMAL(12, 2) NOT NULL,
    value_dkk       DECIMAL(18, 2) NOT NULL,
    documentation   VARCHAR NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL
);
