-- G2.activities: counted activities.
WITH final AS (
    SELECT a.year, a.scope, p.point, count(*) AS actual
    FROM counted_activities AS a
    INNER JOIN as_of_points AS p ON p.point >= a.first_point
    GROUP BY a.year, a.scope, p.point
)

SELECT * FROM final
