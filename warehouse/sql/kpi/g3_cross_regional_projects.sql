-- G3.cross_regional_projects: counted innovation_projects whose participating Danish
-- organisations come from two or more regions.
WITH project_regions AS (
    SELECT activity_key, year, scope, first_point, count(DISTINCT org_region) AS regions
    FROM project_participations
    WHERE org_country = 'DK'
      AND org_region IS NOT NULL
    GROUP BY activity_key, year, scope, first_point
),

final AS (
    SELECT r.year, r.scope, p.point, count(*) AS actual
    FROM project_regions AS r
    INNER JOIN as_of_points AS p ON p.point >= r.first_point
    WHERE r.regions >= 2
    GROUP BY r.year, r.scope, p.point
)

SELECT * FROM final
