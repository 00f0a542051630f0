-- Funding by year, scope, source, flow and first as-of point (as_of_points). Scope: funding.cluster
-- (region scope: the cluster's home region); funding rows have no theme or technology scope, and
-- under a theme, technology or activity-type filter there are none at all ($has_activity_filter). A
-- row counts from its quarter's first day (period_start) if that is on or before the as-of date
-- (the ASOF JOIN leaves out a quarter that starts after the last point). Parameters: $year,
-- $as_of_dates (as_of_points), $by, $clusters, $regions, $has_activity_filter (BOOLEAN).
WITH dated_funding AS (
    SELECT
        f.year,
        CASE $by
            WHEN 'national' THEN 'ALL'
            WHEN 'cluster' THEN f.cluster
            WHEN 'region' THEN c.home_region
        END AS scope,
        f.source,
        f.flow,
        f.amount_dkk,
        p.point AS first_point
    FROM funding AS f
    INNER JOIN dim_cluster AS c ON c.code = f.cluster
    ASOF JOIN as_of_points AS p ON f.period_start <= p.as_of
    WHERE $by IN ('national', 'cluster', 'region')
      AND NOT $has_activity_filter
      AND ($year IS NULL OR f.year = $year)
      AND ($clusters IS NULL OR list_contains($clusters, f.cluster))
      AND ($regions IS NULL OR list_contains($regions, c.home_region))
),

final AS (
    SELECT year, scope, source, flow, first_point, sum(amount_dkk) AS amount_dkk
    FROM dated_funding
    GROUP BY year, scope, source, flow, first_point
)

SELECT * FROM final
