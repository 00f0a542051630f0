-- G4.international_activities: counted activities with country <> DK or of type deep_dive.
WITH international_activities AS (
    SELECT year, scope, first_point, activity_key
    FROM counted_activities
    WHERE activity_country <> 'DK'
       OR activity_type = 'deep_dive'
),

final AS (
    SELECT i.year, i.scope, p.point, count(*) AS actual
    FROM international_activities AS i
    INNER JOIN as_of_points AS p ON p.point >= i.first_point
    GROUP BY i.year, i.scope, p.point
)

SELECT * FROM final
