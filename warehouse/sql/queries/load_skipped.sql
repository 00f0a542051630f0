-- The entries of the input folder that a load did not read (load_skipped), with the reason code
-- and the loader's message, newest load first. $load_ids: the loads to show (NULL: all).
-- $file_clusters is the user's access, as in load_log.sql (an entry's name carries the codes).
WITH skipped AS (
    SELECT load_id, entry_name, reason, message, size_bytes
    FROM load_skipped
    WHERE ($load_ids::INTEGER[] IS NULL OR list_contains($load_ids::INTEGER[], load_id))
      AND ($file_clusters::VARCHAR[] IS NULL OR (
        SELECT count(*) > 0 AND bool_and(list_contains($file_clusters::VARCHAR[], c.code))
        FROM dim_cluster AS c
        WHERE regexp_matches(upper(load_skipped.entry_name),
                             '(^|[^A-Z0-9])' || upper(c.code) || '([^A-Z0-9]|$)')
    ))
)
SELECT * FROM skipped ORDER BY load_id DESC, entry_name
