-- G1.companies: distinct organisations of type company with a participation in a counted activity.
WITH participants AS (
    SELECT year, scope, bit_or(participants) AS org_keys
    FROM participation_summary
    GROUP BY year, scope
),

companies AS (
    SELECT bitstring_agg(org_key, $org_key_min, $org_key_max) AS org_keys
    FROM organisations
    WHERE org_type = 'company'
),

final AS (
    SELECT p.year, p.scope, coalesce(bit_count(p.org_keys & kind.org_keys), 0) AS actual
    FROM participants AS p
    CROSS JOIN companies AS kind
)

SELECT * FROM final
