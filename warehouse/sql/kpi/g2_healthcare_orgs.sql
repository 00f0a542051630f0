-- G2.healthcare_orgs: distinct organisations of type region or municipality with a
-- participation in a counted activity.
WITH healthcare_participations AS (
    SELECT year, scope, org_id
    FROM counted_participations
    WHERE org_type IN ('region', 'municipality')
),

final AS (
    SELECT year, scope, count(DISTINCT org_id) AS actual
    FROM healthcare_participations
    GROUP BY year, scope
)

SELECT * FROM final
