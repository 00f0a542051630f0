-- F.grant_utilisation_pct: ministry spent / ministry allocated for the year, x 100, one decimal
-- (nothing allocated: NULL).
WITH ministry AS (
    SELECT
        f.year,
        f.scope,
        p.point,
        sum(f.amount_dkk) FILTER (WHERE f.flow = 'spent') AS spent_dkk,
        sum(f.amount_dkk) FILTER (WHERE f.flow = 'allocated') AS allocated_dkk
    FROM scoped_funding AS f
    INNER JOIN as_of_points AS p ON p.point >= f.first_point
    WHERE f.source = 'ministry'
    GROUP BY f.year, f.scope, p.point
),

final AS (
    SELECT
        year,
        scope,
        point,
        round(
            100.0 * CAST(coalesce(spent_dkk, 0) AS DOUBLE) / nullif(coalesce(allocated_dkk, 0), 0),
            1
        ) AS actual
    FROM ministry
)

SELECT * FROM final
