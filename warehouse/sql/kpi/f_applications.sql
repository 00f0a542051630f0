-- F.applications: applications submitted in the year (scope: the lead cluster of the activity
-- the application grew out of, whatever that activity's status).
WITH final AS (
    SELECT s.year, s.scope, p.point, sum(s.applications) AS actual
    FROM scoped_applications AS s
    INNER JOIN as_of_points AS p ON p.point >= s.first_point
    GROUP BY s.year, s.scope, p.point
)

SELECT * FROM final
