-- G3.cross_regional_projects: counted innovation_projects whose participating Danish
-- organisations come from two or more regions.
WITH project_regions AS (
    SELECT activity_key, year, scope, count(DISTINCT org_region) AS regions
    FROM project_participations
    WHERE org_country = 'DK'
      AND org_region IS NOT NULL
    GROUP BY activity_key, year, scope
),

final AS (
    SELECT year, scope, count(*) AS actual
    FROM project_regions
    WHERE regions >= 2
    GROUP BY year, scope
)

SELECT * FROM final
