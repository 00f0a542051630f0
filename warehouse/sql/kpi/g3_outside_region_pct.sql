-- G3.outside_region_pct: of participations in counted activities with a host region, by Danish
-- organisations with a region, the share whose region differs from the host region, x 100,
-- one decimal (no such participations: NULL).
WITH shares AS (
    SELECT
        year,
        scope,
        sum(outside_participations) AS outside,
        sum(participations) AS eligible
    FROM participation_summary
    WHERE region_compared
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
