-- Rows that the load that built this warehouse file put in quarantine, by file and rule: how many
-- rows (a row may break several rules), which columns and the first row numbers.
-- $clusters is the reader's data scope (NULL: every file; a list: only files whose name carries
-- cluster codes, all of them in the list, as the dashboard's Data quality).
WITH latest AS (
    SELECT max(load_id) AS load_id
    FROM load_runs
),
entries AS (
    SELECT q.*
    FROM quarantine AS q
    JOIN latest USING (load_id)
    WHERE $clusters::VARCHAR[] IS NULL OR (
        SELECT count(*) > 0 AND bool_and(list_contains($clusters::VARCHAR[], c.code))
        FROM dim_cluster AS c
        WHERE regexp_matches(upper(q.source_file),
                             '(^|[^A-Z0-9])' || upper(c.code) || '([^A-Z0-9]|$)')
    )
)
SELECT
    source_file,
    kind,
    rule,
    count(DISTINCT row_number) AS rows,
    count(*) AS entries,
    string_agg(DISTINCT coalesce(column_name, ''), ', ' ORDER BY coalesce(column_name, ''))
        AS columns,
    list_sort(list_distinct(list(row_number)))[1:10] AS first_rows
FROM entries
GROUP BY source_file, kind, rule
ORDER BY source_file, rule
