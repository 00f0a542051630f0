-- The load history, newest first.
WITH runs AS (
    SELECT load_id, started_at, finished_at, input_dir, status, strict, rate_cap_dkk, files,
           rows_read, rows_loaded, rows_quarantined, message
    FROM load_runs
)
SELECT * FROM runs ORDER BY load_id DESC
