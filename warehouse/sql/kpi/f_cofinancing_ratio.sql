-- F.cofinancing_ratio: (in-kind value from all organisations, month in the year + region spent
-- in the year) / ministry spent in the year, two decimals (no ministry spending: NULL).
-- In-kind follows its activity's lead cluster, funding its own cluster.
WITH inkind_value AS (
    SELECT i.year, i.scope, p.point, sum(i.value_dkk) AS inkind_dkk
    FROM scoped_inkind AS i
    INNER JOIN as_of_points AS p ON p.point >= i.first_point
    WHERE NOT $has_activity_filter
    GROUP BY i.year, i.scope, p.point
),

funding_spent AS (
    SELECT
        f.year,
        f.scope,
        p.point,
        sum(f.amount_dkk) FILTER (WHERE f.source = 'region' AND f.flow = 'spent')
            AS region_spent_dkk,
        sum(f.amount_dkk) FILTER (WHERE f.source = 'ministry' AND f.flow = 'spent')
            AS ministry_spent_dkk
    FROM scoped_funding AS f
    INNER JOIN as_of_points AS p ON p.point >= f.first_point
    GROUP BY f.year, f.scope, p.point
),

combined AS (
    SELECT
        year,
        scope,
        point,
        coalesce(i.inkind_dkk, 0) + coalesce(f.region_spent_dkk, 0) AS cofinancing_dkk,
        coalesce(f.ministry_spent_dkk, 0) AS ministry_spent_dkk
    FROM inkind_value AS i
    FULL OUTER JOIN funding_spent AS f USING (year, scope, point)
),

final AS (
    SELECT
        year,
        scope,
        point,
        round(CAST(cofinancing_dkk AS DOUBLE) / nullif(ministry_spent_dkk, 0), 2) AS actual
    FROM combined
)

SELECT * FROM final
