-- G3.cross_cluster: counted activities with at least one partner cluster.
WITH partnered AS (
    SELECT DISTINCT activity_key
    FROM activity_partners
),

cross_cluster_activities AS (
    SELECT a.year, a.scope, a.activity_key
    FROM counted_activities AS a
    INNER JOIN partnered AS pt ON pt.activity_key = a.activity_key
),

final AS (
    SELECT year, scope, count(*) AS actual
    FROM cross_cluster_activities
    GROUP BY year, scope
)

SELECT * FROM final
