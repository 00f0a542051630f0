-- Every file of the load that built this warehouse file, with its sha256 and row counts.
-- No parameters.
WITH latest AS (
    SELECT max(load_id) AS load_id
    FROM load_runs
)
SELECT
    l.file_name,
    l.kind,
    l.size_bytes,
    l.sha256,
    l.rows_read,
    l.rows_loaded,
    l.rows_quarantined,
    l.status
FROM load_log AS l
JOIN latest USING (load_id)
ORDER BY l.file_name
