-- G1.new_products: distinct companies with new_product true in the outcomes of the year.
-- Nationally (no filter) every such company counts; at any other scope, or under a filter, a
-- company counts for every scope whose counted activities it took part in that year.
WITH product_companies AS (
    SELECT oc.org_id, oc.year
    FROM outcomes AS oc
    INNER JOIN organisations AS o ON o.org_id = oc.org_id
    CROSS JOIN params AS p
    WHERE oc.new_product
      AND o.org_type = 'company'
      AND make_date(oc.year, 1, 1) <= p.p_as_of
      AND (p.p_year IS NULL OR oc.year = p.p_year)
),

attributed AS (
    SELECT pc.org_id, pc.year, cp.scope
    FROM product_companies AS pc
    INNER JOIN counted_participations AS cp ON cp.org_id = pc.org_id AND cp.year = pc.year
    UNION
    SELECT pc.org_id, pc.year, 'ALL' AS scope
    FROM product_companies AS pc
    CROSS JOIN filter_flags AS f
    WHERE f.p_by = 'national'
      AND NOT f.has_any_filter
),

final AS (
    SELECT year, scope, count(DISTINCT org_id) AS actual
    FROM attributed
    GROUP BY year, scope
)

SELECT * FROM final
