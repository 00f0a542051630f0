-- G2.activities: counted activities.
WITH final AS (
    SELECT year, scope, count(*) AS actual
    FROM counted_activities
    GROUP BY year, scope
)

SELECT * FROM final
