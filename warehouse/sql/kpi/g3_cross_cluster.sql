-- G3.cross_cluster: counted activities with at least one partner cluster.
WITH partnered AS (
    SELECT DISTINCT activity_key
    FROM activity_partners
),

cross_cluster_activities AS (
    SELECT a.year, a.scope, a.first_point, a.activity_key
    FROM counted_activities AS a
    INNER JOIN partnered AS pt ON pt.activity_key = a.activity_key
),

final AS (
    SELECT c.year, c.scope, p.point, count(*) AS actual
    FROM cross_cluster_activities AS c
    INNER JOIN as_of_points AS p ON p.point >= c.first_point
    GROUP BY c.year, c.scope, p.point
)

SELECT * FROM final
