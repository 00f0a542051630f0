-- F.applications: applications submitted in the year (scope: the lead cluster of the activity
-- the application grew out of, whatever that activity's status).
WITH final AS (
    SELECT year, scope, sum(applications) AS actual
    FROM scoped_applications
    GROUP BY year, scope
)

SELECT * FROM final
