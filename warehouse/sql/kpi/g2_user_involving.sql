-- G2.user_involving: counted activities with users_involved true.
WITH user_activities AS (
    SELECT year, scope, first_point, activity_key
    FROM counted_activities
    WHERE users_involved
),

final AS (
    SELECT u.year, u.scope, p.point, count(*) AS actual
    FROM user_activities AS u
    INNER JOIN as_of_points AS p ON p.point >= u.first_point
    GROUP BY u.year, u.scope, p.point
)

SELECT * FROM final
