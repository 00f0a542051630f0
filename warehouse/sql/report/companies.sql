-- The companies that took part in a counted activity of $year as of $as_of (the organisations
-- behind G1.companies), with the number of those activities and the clusters that led them.
-- Size class: EU SME classes by employees. Parameters: $year, $as_of, $clusters (the reader's
-- data scope: NULL every activity, else only companies seen in activities led by these clusters,
-- with only those activities counted and met).
WITH counted AS (
    SELECT activity_key, lead_cluster
    FROM counted_activity_facts
    WHERE year = $year
      AND start_date <= $as_of
      AND ($clusters::VARCHAR[] IS NULL OR list_contains($clusters::VARCHAR[], lead_cluster))
),
company_participations AS (
    SELECT p.org_key, p.org_id, a.activity_key, a.lead_cluster
    FROM participation_facts AS p
    JOIN counted AS a USING (activity_key)
    WHERE p.org_type = 'company'
),
clusters_met AS (
    SELECT
        cp.org_id,
        string_agg(c.code, ', ' ORDER BY c.sort_order) AS clusters
    FROM (SELECT DISTINCT org_id, lead_cluster FROM company_participations) AS cp
    JOIN dim_cluster AS c ON c.code = cp.lead_cluster
    GROUP BY cp.org_id
),
activity_counts AS (
    SELECT org_id, count(DISTINCT activity_key) AS activities
    FROM company_participations
    GROUP BY org_id
)
SELECT
    o.org_id,
    coalesce(o.cvr, '') AS cvr,
    o.name,
    CASE
        WHEN o.employees IS NULL THEN 'Ukendt'
        WHEN o.employees < 10 THEN 'Mikro (under 10 ansatte)'
        WHEN o.employees < 50 THEN 'Lille (10-49 ansatte)'
        WHEN o.employees < 250 THEN 'Mellemstor (50-249 ansatte)'
        ELSE 'Stor (250 ansatte eller flere)'
    END AS size_class,
    o.employees,
    o.is_sme,
    coalesce(r.label_da, '') AS region,
    o.country,
    ac.activities,
    cm.clusters
FROM activity_counts AS ac
JOIN organisations AS o USING (org_id)
JOIN clusters_met AS cm USING (org_id)
LEFT JOIN dim_region AS r ON r.code = o.region
ORDER BY o.name COLLATE da, o.org_id
