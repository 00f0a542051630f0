-- F.cofinancing_ratio: (in-kind value from all organisations, month in the year + region spent
-- in the year) / ministry spent in the year, two decimals (no ministry spending: NULL).
-- In-kind follows its activity's lead cluster, funding its own cluster.
WITH inkind_value AS (
    SELECT i.year, i.scope, sum(i.value_dkk) AS inkind_dkk
    FROM scoped_inkind AS i
    WHERE NOT $has_activity_filter
    GROUP BY i.year, i.scope
),

funding_spent AS (
    SELECT
        year,
        scope,
        sum(amount_dkk) FILTER (WHERE source = 'region' AND flow = 'spent') AS region_spent_dkk,
        sum(amount_dkk) FILTER (WHERE source = 'ministry' AND flow = 'spent') AS ministry_spent_dkk
    FROM scoped_funding
    GROUP BY year, scope
),

combined AS (
    SELECT
        year,
        scope,
        coalesce(i.inkind_dkk, 0) + coalesce(f.region_spent_dkk, 0) AS cofinancing_dkk,
        coalesce(f.ministry_spent_dkk, 0) AS ministry_spent_dkk
    FROM inkind_value AS i
    FULL OUTER JOIN funding_spent AS f USING (year, scope)
),

final AS (
    SELECT
        year,
        scope,
        round(CAST(cofinancing_dkk AS DOUBLE) / nullif(ministry_spent_dkk, 0), 2) AS actual
    FROM combined
)

SELECT * FROM final
