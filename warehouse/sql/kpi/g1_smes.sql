-- G1.smes: as G1.companies, restricted to companies with employees known and < 250.
WITH participants AS (
    SELECT s.year, s.scope, p.point, bit_or(s.participants) AS org_keys
    FROM participation_summary AS s
    INNER JOIN as_of_points AS p ON p.point >= s.first_point
    GROUP BY s.year, s.scope, p.point
),

smes AS (
    SELECT bitstring_agg(org_key, $org_key_min, $org_key_max) AS org_keys
    FROM organisations
    WHERE org_type = 'company'
      AND employees IS NOT NULL
      AND employees < 250
),

final AS (
    SELECT p.year, p.scope, p.point, coalesce(bit_count(p.org_keys & kind.org_keys), 0) AS actual
    FROM participants AS p
    CROSS JOIN smes AS kind
)

SELECT * FROM final
