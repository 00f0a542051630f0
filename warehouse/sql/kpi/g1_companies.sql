-- G1.companies: distinct organisations of type company with a participation in a counted activity.
WITH company_participations AS (
    SELECT year, scope, org_id
    FROM counted_participations
    WHERE org_type = 'company'
),

final AS (
    SELECT year, scope, count(DISTINCT org_id) AS actual
    FROM company_participations
    GROUP BY year, scope
)

SELECT * FROM final
