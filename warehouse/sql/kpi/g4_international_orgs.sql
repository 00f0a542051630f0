-- G4.international_orgs: distinct organisations with country <> DK participating in counted
-- activities.
WITH foreign_participations AS (
    SELECT year, scope, org_id
    FROM counted_participations
    WHERE org_country <> 'DK'
),

final AS (
    SELECT year, scope, count(DISTINCT org_id) AS actual
    FROM foreign_participations
    GROUP BY year, scope
)

SELECT * FROM final
