-- G2.user_involving: counted activities with users_involved true.
WITH user_activities AS (
    SELECT year, scope, activity_key
    FROM counted_activities
    WHERE users_involved
),

final AS (
    SELECT year, scope, count(*) AS actual
    FROM user_activities
    GROUP BY year, scope
)

SELECT * FROM final
