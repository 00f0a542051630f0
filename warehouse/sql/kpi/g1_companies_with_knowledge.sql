-- G1.companies_with_knowledge: distinct companies participating in a counted innovation_project
-- that also has a knowledge_institution participant.
WITH knowledge_projects AS (
    SELECT DISTINCT activity_key
    FROM project_participations
    WHERE org_type = 'knowledge_institution'
),

company_participations AS (
    SELECT pp.year, pp.scope, pp.first_point, pp.org_key
    FROM project_participations AS pp
    INNER JOIN knowledge_projects AS k ON k.activity_key = pp.activity_key
    WHERE pp.org_type = 'company'
),

final AS (
    SELECT c.year, c.scope, p.point, count(DISTINCT c.org_key) AS actual
    FROM company_participations AS c
    INNER JOIN as_of_points AS p ON p.point >= c.first_point
    GROUP BY c.year, c.scope, p.point
)

SELECT * FROM final
