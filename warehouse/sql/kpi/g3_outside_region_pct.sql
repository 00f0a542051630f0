-- G3.outside_region_pct: of participations in counted activities with a host region, by Danish
-- organisations with a region, the share whose region differs from the host region, x 100,
-- one decimal (no such participations: NULL).
WITH shares AS (
    SELECT
        s.year,
        s.scope,
        p.point,
        sum(s.outside_participations) AS outside,
        sum(s.participations) AS eligible
    FROM participation_summary AS s
    INNER JOIN as_of_points AS p ON p.point >= s.first_point
    WHERE s.region_compared
    GROUP BY s.year, s.scope, p.point
),

final AS (
    SELECT
        year,
        scope,
        point,
        round(100.0 * CAST(outside AS DOUBLE) / nullif(eligible, 0), 1) AS actual
    FROM shares
)

SELECT * FROM final
