-- Rows that the load that built this warehouse file put in quarantine, by file and rule: how many
-- rows (a row may break several rules), which columns and the first row numbers. No parameters.
WITH latest AS (
    SELECT max(load_id) AS load_id
    FROM load_runs
),
entries AS (
    SELECT q.*
    FROM quarantine AS q
    JOIN latest USING (load_id)
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
