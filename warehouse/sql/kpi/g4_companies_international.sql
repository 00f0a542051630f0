-- G4.companies_international: distinct Danish companies participating in activities counted by
-- G4.international_activities (country <> DK or deep_dive).
WITH danish_companies_abroad AS (
    SELECT year, scope, org_id
    FROM counted_participations
    WHERE (activity_country <> 'DK' OR activity_type = 'deep_dive')
      AND org_type = 'company'
      AND org_country = 'DK'
),

final AS (
    SELECT year, scope, count(DISTINCT org_id) AS actual
    FROM danish_companies_abroad
    GROUP BY year, scope
)

SELECT * FROM final
