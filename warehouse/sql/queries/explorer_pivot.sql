-- The Explorer's pivot: the rows of explorer_rows.sql (same filters) grouped by two chosen
-- dimensions ($row_dim, $col_dim: a name from the CASE lists below, 'none' for no columns),
-- with every measure, so switching the measure needs no new query. $lead_clusters: the user's
-- access, as in explorer_rows.sql.
WITH acts AS (
    SELECT a.*
    FROM activities AS a
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
    SELECT activity_id, org_id, sum(value_dkk)::DOUBLE AS inkind_dkk
    FROM inkind
    GROUP BY ALL
),
pairs AS (
    SELECT activity_id, org_id, p.participants, i.inkind_dkk
    FROM participations AS p
    FULL JOIN inkind_by_pair AS i USING (activity_id, org_id)
),
matching AS (
    SELECT acts.*, o.org_id, o.org_type, o.is_sme, o.region AS org_region,
           o.country AS org_country, pairs.participants, pairs.inkind_dkk
    FROM acts
    LEFT JOIN pairs USING (activity_id)
    LEFT JOIN organisations AS o ON o.org_id = pairs.org_id
    WHERE ($regions IS NULL OR list_contains($regions, o.region))
      AND ($org_types IS NULL OR list_contains($org_types, o.org_type))
      AND ($sme IS NULL OR o.is_sme = $sme)
      AND ($countries IS NULL OR list_contains($countries, o.country))
),
keyed AS (
    SELECT
        CASE $row_dim
            WHEN 'cluster' THEN lead_cluster
            WHEN 'region' THEN org_region
            WHEN 'host_region' THEN region
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
        END AS row_key,
        CASE $col_dim
            WHEN 'cluster' THEN lead_cluster
            WHEN 'region' THEN org_region
            WHEN 'host_region' THEN region
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
            ELSE '*'
        END AS col_key,
        activity_id, org_id, org_type, participants, inkind_dkk
    FROM matching
)
SELECT
    row_key, col_key,
    count(DISTINCT activity_id) AS activities,
    count(participants) AS participations,
    coalesce(sum(participants), 0) AS participants,
    count(DISTINCT org_id) AS organisations,
    count(DISTINCT org_id) FILTER (WHERE org_type = 'company') AS companies,
    coalesce(sum(inkind_dkk), 0)::DOUBLE AS inkind_dkk
FROM keyed
GROUP BY ALL
ORDER BY row_key NULLS LAST, col_key NULLS LAST
