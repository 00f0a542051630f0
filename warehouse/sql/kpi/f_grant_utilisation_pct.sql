-- F.grant_utilisation_pct: ministry spent / ministry allocated for the year, x 100, one decimal
-- (nothing allocated: NULL).
WITH ministry AS (
    SELECT
        year,
        scope,
        sum(amount_dkk) FILTER (WHERE flow = 'spent') AS spent_dkk,
        sum(amount_dkk) FILTER (WHERE flow = 'allocated') AS allocated_dkk
    FROM scoped_funding
    WHERE source = 'ministry'
    GROUP BY year, scope
),

final AS (
    SELECT
        year,
        scope,
        round(
            100.0 * CAST(coalesce(spent_dkk, 0) AS DOUBLE) / nullif(coalesce(allocated_dkk, 0), 0),
            1
        ) AS actual
    FROM ministry
)

SELECT * FROM final
