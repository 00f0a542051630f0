-- G1.smes: as G1.companies, restricted to companies with employees known and < 250.
WITH sme_participations AS (
    SELECT year, scope, org_id
    FROM counted_participations
    WHERE org_type = 'company'
      AND employees IS NOT NULL
      AND employees < 250
),

final AS (
    SELECT year, scope, count(DISTINCT org_id) AS actual
    FROM sme_participations
    GROUP BY year, scope
)

SELECT * FROM final
