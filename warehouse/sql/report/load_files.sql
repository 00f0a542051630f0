-- Every file of the load that built this warehouse file, with its sha256 and row counts.
-- $clusters is the reader's data scope (NULL: every file; a list: only files whose name carries
-- cluster codes, all of them in the list, as the dashboard's Data quality; no secretariat file).
WITH latest AS (
    SELECT max(load_id) AS load_id
    FROM load_runs
),
files AS (
    SELECT l.*
    FROM load_log AS l
    JOIN latest USING (load_id)
    WHERE $clusters::VARCHAR[] IS NULL OR (
        SELECT count(*) > 0 AND bool_and(list_contains($clusters::VARCHAR[], c.code))
        FROM dim_cluster AS c
        WHERE regexp_matches(upper(l.file_name),
                             '(^|[^A-Z0-9])' || upper(c.code) || '([^A-Z0-9]|$)')
    )
)
SELECT
    file_name,
    kind,
    size_bytes,
    sha256,
    rows_read,
    rows_loaded,
    rows_quarantined,
    status
FROM files
ORDER BY file_name
