-- In-kind value on any scoped activity by year (of the entry's month), scope and whether a
-- company gave it. An entry counts from its month's first day if that day is on or before the
-- as-of date. Parameters: $year (INTEGER, or NULL for every year), $as_of (DATE).
--
-- Every entry's organisation exists (the load rejects a warehouse where one does not:
-- warehouse/sql/checks/inkind_reference_known_rows.sql), so an entry is from a company unless its
-- organisation is one of the other types. That test is a semi-join whose hash table holds those
-- few organisations (73,000 of 602,000 at scale 1000); a join with `organisations` was planned
-- the other way round by DuckDB and hashed the millions of entries instead.
WITH dated_inkind AS (
    SELECT activity_key, org_id, year(month) AS year, value_dkk
    FROM inkind
    WHERE month <= $as_of
      AND ($year IS NULL OR year(month) = $year)
),

final AS (
    SELECT
        i.year,
        a.scope,
        i.org_id NOT IN (SELECT org_id FROM organisations WHERE org_type <> 'company')
            AS from_company,
        sum(i.value_dkk) AS value_dkk
    FROM dated_inkind AS i
    INNER JOIN scoped_activities AS a ON a.activity_key = i.activity_key
    GROUP BY ALL
)

SELECT * FROM final
