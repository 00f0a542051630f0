-- The counted activities of year $year as of $as_of (docs/kpis.md: completed, start_date in the year
-- and on or before the as-of date), with their participation counts. Parameters: $year, $as_of,
-- $clusters (the reader's data scope, warehouse/scope.py: NULL every activity, else only those
-- led by these clusters).
WITH counted AS (
    SELECT *
    FROM counted_activity_facts
    WHERE year = $year
      AND start_date <= $as_of
      AND ($clusters::VARCHAR[] IS NULL OR list_contains($clusters::VARCHAR[], lead_cluster))
),
partners AS (
    SELECT
        ap.activity_key,
        string_agg(ap.cluster, ', ' ORDER BY c.sort_order) AS partner_clusters
    FROM activity_partners AS ap
    JOIN counted USING (activity_key)
    JOIN dim_cluster AS c ON c.code = ap.cluster
    GROUP BY ap.activity_key
),
participation_counts AS (
    SELECT
        p.activity_key,
        count(*) AS organisations,
        count(*) FILTER (WHERE p.org_type = 'company') AS companies,
        sum(p.participants) AS participants
    FROM participation_facts AS p
    JOIN counted USING (activity_key)
    GROUP BY p.activity_key
)
SELECT
    a.activity_id,
    a.title,
    ty.label_da AS activity_type,
    a.lead_cluster,
    coalesce(pa.partner_clusters, '') AS partner_clusters,
    th.label_da AS theme,
    coalesce(te.label_da, '') AS technology,
    a.start_date,
    a.end_date,
    coalesce(r.label_da, '') AS region,
    a.activity_country AS country,
    a.users_involved,
    coalesce(pc.organisations, 0) AS organisations,
    coalesce(pc.companies, 0) AS companies,
    coalesce(pc.participants, 0) AS participants,
    a.source_file,
    a.source_row
FROM counted AS a
LEFT JOIN partners AS pa USING (activity_key)
LEFT JOIN participation_counts AS pc USING (activity_key)
LEFT JOIN dim_activity_type AS ty ON ty.code = a.activity_type
LEFT JOIN dim_theme AS th ON th.code = a.theme
LEFT JOIN dim_technology AS te ON te.code = a.technology
LEFT JOIN dim_region AS r ON r.code = a.host_region
ORDER BY a.start_date, a.activity_id
