-- G1.companies_with_knowledge: distinct companies participating in a counted innovation_project
-- that also has a knowledge_institution participant.
WITH knowledge_projects AS (
    SELECT DISTINCT activity_id
    FROM counted_participations
    WHERE activity_type = 'innovation_project'
      AND org_type = 'knowledge_institution'
),

company_participations AS (
    SELECT cp.year, cp.scope, cp.org_id
    FROM counted_participations AS cp
    INNER JOIN knowledge_projects AS k ON k.activity_id = cp.activity_id
    WHERE cp.org_type = 'company'
),

final AS (
    SELECT year, scope, count(DISTINCT org_id) AS actual
    FROM company_participations
    GROUP BY year, scope
)

SELECT * FROM final
