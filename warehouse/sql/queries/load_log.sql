-- Each file of each load with its counts, newest load first.
WITH files AS (
    SELECT load_id, file_name, kind, size_bytes, encoding, delimiter, rows_read, rows_loaded,
           rows_quarantined, status, message, loaded_at, sha256
    FROM load_log
)
SELECT * FROM files ORDER BY load_id DESC, file_name
