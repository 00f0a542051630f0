-- Edges of the collaboration network: cluster–cluster (counted activities a cluster led with
-- the other as partner) and cluster–region (distinct organisations of a region that took part in
-- counted activities led by the cluster).
WITH counted AS (
    SELECT a.activity_key, a.lead_cluster
    FROM counted_activity_facts AS a
    WHERE a.start_date BETWEEN $date_from AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),
cluster_edges AS (
    SELECT 'cluster' AS source_kind, c.lead_cluster AS source,
           'cluster' AS target_kind, ap.cluster AS target,
           count(DISTINCT c.activity_key) AS weight
    FROM counted AS c
    JOIN activity_partners AS ap USING (activity_key)
    GROUP BY ALL
),
region_edges AS (
    SELECT 'cluster' AS source_kind, c.lead_cluster AS source,
           'region' AS target_kind, p.org_region AS target,
           count(DISTINCT p.org_key) AS weight
    FROM counted AS c
    JOIN participation_facts AS p USING (activity_key)
    WHERE p.org_region IS NOT NULL
    GROUP BY ALL
)
SELECT * FROM cluster_edges
UNION ALL
SELECT * FROM region_edges
ORDER BY source_kind, source, target_kind, target
