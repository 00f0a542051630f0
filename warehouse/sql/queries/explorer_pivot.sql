-- The Explorer's pivot: the rows of explorer_rows.sql (same filters) grouped by two chosen
-- dimensions ($row_dim, $col_dim: a dimension of pivot_key(), 'none' for no columns), with
-- every measure, so switching the measure needs no new query. $lead_clusters: the user's access,
-- as in explorer_rows.sql.
WITH matching AS (
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

keyed AS (
    SELECT
        pivot_key($row_dim, m) AS row_key,
        CASE WHEN $col_dim = 'none' THEN '*' ELSE pivot_key($col_dim, m) END AS col_key,
        m.activity_key,
        m.org_key,
        m.org_type,
        m.participants,
        m.inkind_dkk
    FROM matching AS m
)

SELECT
    row_key, col_key,
    count(DISTINCT activity_key) AS activities,
    count(participants) AS participations,
    coalesce(sum(participants), 0) AS participants,
    count(DISTINCT org_key) AS organisations,
    count(DISTINCT org_key) FILTER (WHERE org_type = 'company') AS companies,
    coalesce(sum(inkind_dkk), 0)::DOUBLE AS inkind_dkk
FROM keyed
GROUP BY ALL
ORDER BY row_key NULLS LAST, col_key NULLS LAST
