-- Funding of a year up to the as-of date (a quarter counts from its first day), by source, flow,
-- cluster, region, quarter and category.
WITH in_window AS (
    SELECT f.*
    FROM funding AS f
    WHERE f.year = $year
      AND f.period_start <= $date_to
      AND ($clusters IS NULL OR list_contains($clusters, f.cluster))
)
SELECT source, flow, cluster, region, quarter, category, sum(amount_dkk)::DOUBLE AS amount_dkk
FROM in_window
GROUP BY ALL
ORDER BY source, flow, cluster, quarter, category
