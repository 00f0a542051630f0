-- G1.new_products: distinct companies with new_product true in the outcomes of the year.
-- Nationally (no filter) every such company counts; at any other scope, or under a filter, a
-- company counts for every scope whose counted activities it took part in that year.
WITH product_companies AS (
    SELECT oc.year, p.point, bitstring_agg(o.org_key, $org_key_min, $org_key_max) AS org_keys
    FROM outcomes AS oc
    INNER JOIN organisations AS o ON o.org_key = oc.org_key
    INNER JOIN as_of_points AS p ON make_date(oc.year, 1, 1) <= p.as_of
    WHERE oc.new_product
      AND o.org_type = 'company'
      AND ($year IS NULL OR oc.year = $year)
    GROUP BY oc.year, p.point
),

whole_network AS (
    SELECT year, 'ALL' AS scope, point, bit_count(org_keys) AS actual
    FROM product_companies
    WHERE $by = 'national'
      AND NOT $has_any_filter
),

participants AS (
    SELECT s.year, s.scope, p.point, bit_or(s.participants) AS org_keys
    FROM participation_summary AS s
    INNER JOIN as_of_points AS p ON p.point >= s.first_point
    GROUP BY s.year, s.scope, p.point
),

attributed AS (
    SELECT p.year, p.scope, p.point, coalesce(bit_count(p.org_keys & pc.org_keys), 0) AS actual
    FROM participants AS p
    INNER JOIN product_companies AS pc ON pc.year = p.year AND pc.point = p.point
    WHERE NOT ($by = 'national' AND NOT $has_any_filter)
),

final AS (
    SELECT * FROM whole_network
    UNION ALL
    SELECT * FROM attributed
)

SELECT * FROM final
