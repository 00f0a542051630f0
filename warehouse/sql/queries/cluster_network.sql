-- Edges of the collaboration network: cluster–cluster (counted activities a cluster led with
-- the other as partner) and cluster–region (distinct organisations of a region that took part in
-- counted activities led by the cluster).
WITH counted AS (
    SELECT a.activity_id, a.lead_cluster
    FROM activities AS a
    WHERE a.status = 'completed'
      AND a.start_date BETWEEN $date_from AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),
cluster_edges AS (
    SELECT 'cluster' AS source_kind, c.lead_cluster AS source,
           'cluster' AS target_kind, ap.cluster AS target,
           count(DISTINCT c.activity_id) AS weight
    FROM counted AS c
    JOIN activity_partners AS ap USING (activity_id)
    GROUP BY ALL
),
region_edges AS (
    SELECT 'cluster' AS source_kind, c.lead_cluster AS source,
           'region' AS target_kind, o.region AS target,
           count(DISTINCT o.org_id) AS weight
    FROM counted AS c
    JOIN participations AS p USING (activity_id)
    JOIN organisations AS o USING (org_id)
    WHERE o.region IS NOT NULL
    GROUP BY ALL
)
SELECT * FROM cluster_edges
UNION ALL
SELECT * FROM region_edges
ORDER BY source_kind, source, target_kind, target
