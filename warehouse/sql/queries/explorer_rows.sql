-- The Explorer's rows: one per (activity, organisation) that took part or gave in-kind hours
-- (an activity without any stays as one row without organisation), with every dimension, filtered
-- on every dimension. total_rows is the number of matching rows before the LIMIT ($limit NULL: all).
-- $drill_dim/$drill_keys narrow to the pivot cells a user clicked (same keys as explorer_pivot.sql).
-- $lead_clusters is the user's access (NULL: all; a list, even empty: only those lead clusters),
-- applied on top of the $clusters filter.
WITH partner_lists AS (
    SELECT activity_id, string_agg(cluster, ';' ORDER BY cluster) AS partner_clusters
    FROM activity_partners
    GROUP BY ALL
),
acts AS (
    SELECT a.*, pl.partner_clusters
    FROM activities AS a
    LEFT JOIN partner_lists AS pl USING (activity_id)
    WHERE ($date_from IS NULL OR a.start_date >= $date_from)
      AND ($date_to IS NULL OR a.start_date <= $date_to)
      AND ($statuses IS NULL OR list_contains($statuses, a.status))
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($lead_clusters::VARCHAR[] IS NULL
           OR list_contains($lead_clusters::VARCHAR[], a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
      AND ($technologies IS NULL OR list_contains($technologies, coalesce(a.technology, 'NONE')))
      AND ($activity_types IS NULL OR list_contains($activity_types, a.activity_type))
),
inkind_by_pair AS (
    SELECT activity_id, org_id, sum(hours)::DOUBLE AS inkind_hours,
           sum(value_dkk)::DOUBLE AS inkind_dkk
    FROM inkind
    GROUP BY ALL
),
pairs AS (
    SELECT activity_id, org_id, p.participants, p.role, i.inkind_hours, i.inkind_dkk
    FROM participations AS p
    FULL JOIN inkind_by_pair AS i USING (activity_id, org_id)
),
matching AS (
    SELECT
        acts.activity_id, acts.title, acts.activity_type, acts.status, acts.lead_cluster,
        acts.partner_clusters, acts.theme, acts.technology, acts.start_date, acts.end_date,
        acts.region AS host_region, acts.country AS host_country, acts.users_involved,
        o.org_id, o.name AS org_name, o.org_type, o.is_sme, o.employees,
        o.region AS org_region, o.country AS org_country,
        pairs.role, pairs.participants, pairs.inkind_hours, pairs.inkind_dkk
    FROM acts
    LEFT JOIN pairs USING (activity_id)
    LEFT JOIN organisations AS o ON o.org_id = pairs.org_id
    WHERE ($regions IS NULL OR list_contains($regions, o.region))
      AND ($org_types IS NULL OR list_contains($org_types, o.org_type))
      AND ($sme IS NULL OR o.is_sme = $sme)
      AND ($countries IS NULL OR list_contains($countries, o.country))
),
drilled AS (
    SELECT *
    FROM matching
    WHERE $drill_keys IS NULL
       OR list_contains(
            $drill_keys,
            CASE $drill_dim
                WHEN 'cluster' THEN lead_cluster
                WHEN 'region' THEN org_region
                WHEN 'host_region' THEN host_region
                WHEN 'theme' THEN theme
                WHEN 'technology' THEN coalesce(technology, 'NONE')
                WHEN 'activity_type' THEN activity_type
                WHEN 'org_type' THEN org_type
                WHEN 'sme' THEN CASE WHEN is_sme THEN 'yes' WHEN NOT is_sme THEN 'no' END
                WHEN 'country' THEN org_country
                WHEN 'status' THEN status
                WHEN 'year' THEN strftime(start_date, '%Y')
                WHEN 'quarter' THEN strftime(start_date, '%Y') || '-Q' || quarter(start_date)
                WHEN 'month' THEN strftime(start_date, '%Y-%m')
            END
          )
)
SELECT *, count(*) OVER () AS total_rows
FROM drilled
ORDER BY start_date, activity_id, org_id
LIMIT $limit
