-- G4.international_activities: counted activities with country <> DK or of type deep_dive.
WITH international_activities AS (
    SELECT year, scope, activity_key
    FROM counted_activities
    WHERE activity_country <> 'DK'
       OR activity_type = 'deep_dive'
),

final AS (
    SELECT year, scope, count(*) AS actual
    FROM international_activities
    GROUP BY year, scope
)

SELECT * FROM final
