-- G4.companies_international: distinct Danish companies participating in activities counted by
-- G4.international_activities (country <> DK or deep_dive).
WITH international_participants AS (
    SELECT s.year, s.scope, p.point, bit_or(s.participants) AS org_keys
    FROM participation_summary AS s
    INNER JOIN as_of_points AS p ON p.point >= s.first_point
    WHERE s.international
    GROUP BY s.year, s.scope, p.point
),

danish_companies AS (
    SELECT bitstring_agg(org_key, $org_key_min, $org_key_max) AS org_keys
    FROM organisations
    WHERE org_type = 'company'
      AND country = 'DK'
),

final AS (
    SELECT p.year, p.scope, p.point, coalesce(bit_count(p.org_keys & kind.org_keys), 0) AS actual
    FROM international_participants AS p
    CROSS JOIN danish_companies AS kind
)

SELECT * FROM final
