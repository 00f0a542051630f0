-- G4.international_activities: counted activities that are international (held outside
-- Denmark, or a deep dive: the rule is activity_facts.international).
WITH international_activities AS (
    SELECT year, scope, first_point, activity_key
    FROM counted_activities
    WHERE international
),

final AS (
    SELECT i.year, i.scope, p.point, count(*) AS actual
    FROM international_activities AS i
    INNER JOIN as_of_points AS p ON p.point >= i.first_point
    GROUP BY i.year, i.scope, p.point
)

SELECT * FROM final
