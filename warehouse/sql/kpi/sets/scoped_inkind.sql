-- In-kind value on any scoped activity by year (of the entry's month), scope, whether a company
-- gave it and first as-of point (as_of_points). An entry counts from its month's first day if that
-- day is on or before the as-of date (the ASOF JOIN leaves out a month that starts after the last
-- point). Parameters: $year (INTEGER, or NULL for every year), $as_of_dates (as_of_points).
--
-- Every entry's organisation exists (the load rejects a warehouse where one does not:
-- warehouse/sql/checks/inkind_reference_known_rows.sql), so an entry is from a company unless its
-- organisation is one of the other types. That test is a semi-join whose hash table holds those few
-- organisations (73,000 of 602,000 at scale 1000); a join with `organisations` was planned the
-- other way round by DuckDB and hashed the millions of entries instead.
WITH dated_inkind AS (
    SELECT activity_key, org_key, month, year(month) AS year, value_dkk
    FROM inkind
    WHERE ($year IS NULL OR year(month) = $year)
),

by_month AS (
    SELECT
        i.year,
        a.scope,
        i.month,
        i.org_key NOT IN (SELECT org_key FROM organisations WHERE org_type <> 'company')
            AS from_company,
        sum(i.value_dkk) AS value_dkk
    FROM dated_inkind AS i
    INNER JOIN scoped_activities AS a ON a.activity_key = i.activity_key
    GROUP BY ALL
),

-- the first as-of point of each month's sums, not of each entry: a few hundred rows to match
final AS (
    SELECT b.year, b.scope, p.point AS first_point, b.from_company, sum(b.value_dkk) AS value_dkk
    FROM by_month AS b
    ASOF JOIN as_of_points AS p ON b.month <= p.as_of
    GROUP BY ALL
)

SELECT * FROM final
