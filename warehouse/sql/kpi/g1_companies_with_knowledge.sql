-- G1.companies_with_knowledge: distinct companies participating in a counted innovation_project
-- that also has a knowledge_institution participant.
WITH knowledge_projects AS (
    SELECT DISTINCT activity_key
    FROM project_participations
    WHERE org_type = 'knowledge_institution'
),

company_participations AS (
    SELECT pp.year, pp.scope, pp.org_key
    FROM project_participations AS pp
    INNER JOIN knowledge_projects AS k ON k.activity_key = pp.activity_key
    WHERE pp.org_type = 'company'
),

final AS (
    SELECT year, scope, count(DISTINCT org_key) AS actual
    FROM company_participations
    GROUP BY year, scope
)

SELECT * FROM final
