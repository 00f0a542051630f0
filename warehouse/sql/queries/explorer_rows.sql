-- The Explorer's rows: one per (activity, organisation) that took part or gave in-kind hours
-- (an activity without any stays as one row without organisation: pivot_facts), with every
-- dimension, filtered on every dimension. total_rows is the number of matching rows before the
-- LIMIT ($limit NULL: all). $drill_dim/$drill_keys narrow to the pivot cells a user clicked
-- (pivot_key(), as explorer_pivot.sql). The filters and $lead_clusters (the user's access) mean
-- what the model filtered_pivot_facts says.
WITH partner_lists AS (
    SELECT activity_key, string_agg(cluster, ';' ORDER BY cluster) AS partner_clusters
    FROM activity_partners
    GROUP BY ALL
),

matching AS (
    SELECT *
    FROM filtered_pivot_facts(
        $date_from, $date_to, $statuses, $clusters, $lead_clusters::VARCHAR[], $themes,
        $technologies, $activity_types, $regions, $org_types, $sme, $countries
    )
),

drilled AS (
    SELECT
        m.activity_id, m.title, m.activity_type, m.status, m.lead_cluster,
        pl.partner_clusters, m.theme, m.technology, m.start_date, m.end_date,
        m.host_region, m.host_country, m.users_involved,
        m.org_id, m.org_name, m.org_type, m.is_sme, m.employees,
        m.org_region, m.org_country,
        m.role, m.participants, m.inkind_hours, m.inkind_dkk
    FROM matching AS m
    LEFT JOIN partner_lists AS pl ON pl.activity_key = m.activity_key
    WHERE $drill_keys IS NULL OR list_contains($drill_keys, pivot_key($drill_dim, m))
)

SELECT *, count(*) OVER () AS total_rows
FROM drilled
ORDER BY start_date, activity_id, org_id
LIMIT $limit
