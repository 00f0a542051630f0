-- The Explorer's rows: one per (activity, organisation) that took part or gave in-kind hours
-- (an activity without any stays as one row without organisation: pivot_facts), with every
-- dimension, filtered on every dimension. total_rows is the number of matching rows before the
-- LIMIT ($limit NULL: all). $drill_dim/$drill_keys narrow to the pivot cells a user clicked
-- (pivot_key(), as explorer_pivot.sql). $lead_clusters is the user's access (NULL: all; a list,
-- even empty: only those lead clusters), applied on top of the $clusters filter.
WITH partner_lists AS (
    SELECT activity_key, string_agg(cluster, ';' ORDER BY cluster) AS partner_clusters
    FROM activity_partners
    GROUP BY ALL
),

matching AS (
    SELECT f.*
    FROM pivot_facts AS f
    WHERE ($date_from IS NULL OR f.start_date >= $date_from)
      AND ($date_to IS NULL OR f.start_date <= $date_to)
      AND ($statuses IS NULL OR list_contains($statuses, f.status))
      AND ($clusters IS NULL OR list_contains($clusters, f.lead_cluster))
      AND ($lead_clusters::VARCHAR[] IS NULL
           OR list_contains($lead_clusters::VARCHAR[], f.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, f.theme))
      AND ($technologies IS NULL OR list_contains($technologies, f.technology_code))
      AND ($activity_types IS NULL OR list_contains($activity_types, f.activity_type))
      AND ($regions IS NULL OR list_contains($regions, f.org_region))
      AND ($org_types IS NULL OR list_contains($org_types, f.org_type))
      AND ($sme IS NULL OR f.is_sme = $sme)
      AND ($countries IS NULL OR list_contains($countries, f.org_country))
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
