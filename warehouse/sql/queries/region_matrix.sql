-- Cross-regional meetings: for each pair of regions (A, B), the counted activities where an
-- organisation from A met an organisation from B, and how many organisations from A did so.
-- On the diagonal, two different organisations of the same region must have met.
WITH counted AS (
    SELECT a.activity_key
    FROM counted_activity_facts AS a
    WHERE a.start_date BETWEEN $date_from AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),
org_activity AS (
    SELECT DISTINCT p.activity_key, p.org_key, p.org_region AS region
    FROM participation_facts AS p
    JOIN counted USING (activity_key)
    WHERE p.org_region IS NOT NULL
),
activity_regions AS (
    SELECT activity_key, region, count(*) AS organisations
    FROM org_activity
    GROUP BY ALL
)
SELECT oa.region AS region_a, ar.region AS region_b,
       count(DISTINCT oa.activity_key) AS activities,
       count(DISTINCT oa.org_key) AS organisations
FROM org_activity AS oa
JOIN activity_regions AS ar
  ON ar.activity_key = oa.activity_key
 AND (ar.region <> oa.region OR ar.organisations >= 2)
GROUP BY ALL
ORDER BY region_a, region_b
