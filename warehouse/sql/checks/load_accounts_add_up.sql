-- The newest load's account adds up: every row read of every file was loaded or quarantined,
-- and every file with quarantined rows is one of the files it read. Must return zero rows.
WITH newest AS (
    SELECT max(load_id) AS load_id FROM load_runs
), files AS (
    SELECT l.file_name, l.rows_read, l.rows_loaded, l.rows_quarantined
    FROM load_log AS l
    JOIN newest USING (load_id)
), unbalanced AS (
    SELECT file_name, 'rows_read <> rows_loaded + rows_quarantined' AS problem
    FROM files
    WHERE rows_read <> rows_loaded + rows_quarantined
), unknown_files AS (
    SELECT DISTINCT q.source_file AS file_name, 'quarantined rows of a file not read' AS problem
    FROM quarantine AS q
    WHERE q.source_file NOT IN (SELECT file_name FROM files)
)
SELECT * FROM unbalanced
UNION ALL
SELECT * FROM unknown_files
