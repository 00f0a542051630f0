-- Every activity (any status, any date) that passes the filters, with its scope: the row's value
-- of $by (the model scoped_activity_facts: 'ALL', the lead cluster, the lead cluster's home
-- region, the theme or the technology; without a technology, no scope under 'technology').
-- Parameters: $by; $clusters, $regions, $themes, $technologies, $activity_types (VARCHAR[], or
-- NULL for no filter).
WITH with_scope AS (
    SELECT
        activity_key,
        activity_id,
        activity_type,
        start_date,
        year,
        counted,
        host_region,
        activity_country,
        international,
        users_involved,
        scope
    FROM scoped_activity_facts(
        $by, $clusters, $regions, $themes, $technologies, $activity_types
    )
)

SELECT * FROM with_scope
