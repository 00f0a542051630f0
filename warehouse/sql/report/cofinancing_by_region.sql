-- Regional co-financing (funding with source 'region') of $year as of $as_of (quarters whose
-- first day is on or before the as-of date), allocated and spent, for every region.
-- Parameters: $year, $as_of, $clusters (the reader's data scope: NULL all funding, else only the
-- funding of these clusters).
WITH regional AS (
    SELECT region, flow, amount_dkk
    FROM funding
    WHERE source = 'region'
      AND year = $year
      AND period_start <= $as_of
      AND ($clusters::VARCHAR[] IS NULL OR list_contains($clusters::VARCHAR[], cluster))
)
SELECT
    r.code AS region,
    r.label_da AS region_label,
    coalesce(sum(g.amount_dkk) FILTER (WHERE g.flow = 'allocated'), 0) AS allocated_dkk,
    coalesce(sum(g.amount_dkk) FILTER (WHERE g.flow = 'spent'), 0) AS spent_dkk
FROM dim_region AS r
LEFT JOIN regional AS g ON g.region = r.code
GROUP BY r.code, r.label_da, r.sort_order
ORDER BY r.sort_order
