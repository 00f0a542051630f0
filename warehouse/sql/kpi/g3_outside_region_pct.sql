-- G3.outside_region_pct: of participations in counted activities with a host region, by Danish
-- organisations with a region, the share whose region differs from the host region, x 100,
-- one decimal (no such participations: NULL).
WITH eligible_participations AS (
    SELECT year, scope, org_region <> host_region AS is_outside
    FROM counted_participations
    WHERE host_region IS NOT NULL
      AND org_country = 'DK'
      AND org_region IS NOT NULL
),

shares AS (
    SELECT
        year,
        scope,
        count(*) FILTER (WHERE is_outside) AS outside,
        count(*) AS eligible
    FROM eligible_participations
    GROUP BY year, scope
),

final AS (
    SELECT
        year,
        scope,
        round(100.0 * CAST(outside AS DOUBLE) / nullif(eligible, 0), 1) AS actual
    FROM shares
)

SELECT * FROM final
