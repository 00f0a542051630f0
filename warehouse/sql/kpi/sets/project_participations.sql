-- Participations in counted innovation projects, with the organisation's attributes (org_key is
-- the organisation's row id in `organisations`, one-to-one with org_id).
WITH counted_projects AS (
    SELECT activity_id, year, scope
    FROM counted_activities
    WHERE activity_type = 'innovation_project'
),

final AS (
    SELECT
        p.activity_id,
        p.year,
        p.scope,
        o.rowid AS org_key,
        o.org_type,
        o.country AS org_country,
        o.region AS org_region
    FROM participations AS pa
    INNER JOIN counted_projects AS p ON p.activity_id = pa.activity_id
    INNER JOIN organisations AS o ON o.org_id = pa.org_id
)

SELECT * FROM final
