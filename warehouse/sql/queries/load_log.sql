-- Each file of each load with its counts, newest load first.
-- $file_clusters is the user's access (NULL: every file; a list: only files whose name carries
-- cluster codes, all of them in the list; files without a code are the secretariat's).
WITH files AS (
    SELECT load_id, file_name, kind, size_bytes, encoding, delimiter, rows_read, rows_loaded,
           rows_quarantined, status, message, loaded_at, sha256
    FROM load_log
    WHERE ($file_clusters::VARCHAR[] IS NULL OR (
        SELECT count(*) > 0 AND bool_and(list_contains($file_clusters::VARCHAR[], c.code))
        FROM dim_cluster AS c
        WHERE regexp_matches(upper(load_log.file_name),
                             '(^|[^A-Z0-9])' || upper(c.code) || '([^A-Z0-9]|$)')
    ))
)
SELECT * FROM files ORDER BY load_id DESC, file_name
