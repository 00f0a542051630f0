-- Participating Danish organisations by their own home region (all five, Sjælland included),
-- split by the lead cluster of the counted activities they took part in.
WITH counted AS (
    SELECT a.activity_key, a.lead_cluster
    FROM counted_activity_facts AS a
    WHERE a.start_date BETWEEN $date_from AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),
reach AS (
    SELECT p.org_region AS region, c.lead_cluster AS cluster, count(DISTINCT p.org_key) AS organisations,
           sum(p.participants) AS participants
    FROM participation_facts AS p
    JOIN counted AS c USING (activity_key)
    WHERE p.org_region IS NOT NULL
    GROUP BY ALL
),
reach_total AS (
    SELECT p.org_region AS region, '*' AS cluster, count(DISTINCT p.org_key) AS organisations,
           sum(p.participants) AS participants
    FROM participation_facts AS p
    JOIN counted AS c USING (activity_key)
    WHERE p.org_region IS NOT NULL
    GROUP BY ALL
),
combined AS (
    SELECT * FROM reach
    UNION ALL
    SELECT * FROM reach_total
)
SELECT r.code AS region, r.partner, c.cluster,
       coalesce(c.organisations, 0) AS organisations,
       coalesce(c.participants, 0) AS participants
FROM dim_region AS r
LEFT JOIN combined AS c ON c.region = r.code
ORDER BY r.sort_order, c.cluster
