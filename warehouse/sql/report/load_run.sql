-- The load that built this warehouse file (the newest row of load_runs): the report's snapshot.
-- No parameters.
WITH latest AS (
    SELECT max(load_id) AS load_id
    FROM load_runs
)
SELECT
    r.load_id,
    r.started_at,
    r.finished_at,
    r.input_dir,
    r.status,
    r.strict,
    r.rate_cap_dkk,
    r.files,
    r.rows_read,
    r.rows_loaded,
    r.rows_quarantined
FROM load_runs AS r
JOIN latest USING (load_id)
