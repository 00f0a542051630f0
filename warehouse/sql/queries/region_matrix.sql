-- Cross-regional meetings: for each pair of regions (A, B), the counted activities where an
-- organisation from A met an organisation from B, and how many organisations from A did so.
-- On the diagonal, two different organisations of the same region must have met.
WITH counted AS (
    SELECT a.activity_id
    FROM activities AS a
    WHERE a.status = 'completed'
      AND a.start_date BETWEEN $date_from AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),
org_activity AS (
    SELECT DISTINCT p.activity_id, p.org_id, o.region
    FROM participations AS p
    JOIN counted USING (activity_id)
    JOIN organisations AS o USING (org_id)
    WHERE o.region IS NOT NULL
),
activity_regions AS (
    SELECT activity_id, region, count(*) AS organisations
    FROM org_activity
    GROUP BY ALL
)
SELECT oa.region AS region_a, ar.region AS region_b,
       count(DISTINCT oa.activity_id) AS activities,
       count(DISTINCT oa.org_id) AS organisations
FROM org_activity AS oa
JOIN activity_regions AS ar
  ON ar.activity_id = oa.activity_id
 AND (ar.region <> oa.region OR ar.organisations >= 2)
GROUP BY ALL
ORDER BY region_a, region_b
