-- Participations in counted innovation projects (with the project's first as-of point,
-- as_of_points), with the organisation's attributes (org_key: the
-- organisation's integer key, docs/loading.md "Keys").
WITH counted_projects AS (
    SELECT activity_key, year, scope, first_point
    FROM counted_activities
    WHERE activity_type = 'innovation_project'
),

final AS (
    SELECT
        p.activity_key,
        p.year,
        p.scope,
        p.first_point,
        o.org_key,
        o.org_type,
        o.country AS org_country,
        o.region AS org_region
    FROM participations AS pa
    INNER JOIN counted_projects AS p ON p.activity_key = pa.activity_key
    INNER JOIN organisations AS o ON o.org_key = pa.org_key
)

SELECT * FROM final
