-- The Explorer's pivot: the rows of explorer_rows.sql (same filters) grouped by two chosen
-- dimensions ($row_dim, $col_dim: a dimension of pivot_key(), 'none' for no columns), with
-- every measure, so switching the measure needs no new query. $lead_clusters: the user's access,
-- as in explorer_rows.sql.
WITH matching AS (
    SELECT *
    FROM filtered_pivot_facts(
        $date_from, $date_to, $statuses, $clusters, $lead_clusters::VARCHAR[], $themes,
        $technologies, $activity_types, $regions, $org_types, $sme, $countries
    )
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
