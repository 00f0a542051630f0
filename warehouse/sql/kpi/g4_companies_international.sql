-- G4.companies_international: distinct Danish companies participating in activities counted by
-- G4.international_activities (country <> DK or deep_dive).
WITH international_participants AS (
    SELECT year, scope, bit_or(participants) AS org_keys
    FROM participation_summary
    WHERE international
    GROUP BY year, scope
),

danish_companies AS (
    SELECT bitstring_agg(org_key, $org_key_min, $org_key_max) AS org_keys
    FROM organisations
    WHERE org_type = 'company'
      AND country = 'DK'
),

final AS (
    SELECT p.year, p.scope, coalesce(bit_count(p.org_keys & d.org_keys), 0) AS actual
    FROM international_participants AS p
    CROSS JOIN danish_companies AS d
)

SELECT * FROM final
