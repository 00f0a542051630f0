-- Quarantined rows with their reasons, optionally only some loads, files, kinds and rules.
-- $file_clusters is the user's access (NULL: every file; a list: only files whose name carries
-- cluster codes, all of them in the list; files without a code are the secretariat's).
WITH rows AS (
    SELECT load_id, source_file, kind, row_number, column_name, rule, original_value, message
    FROM quarantine
    WHERE ($load_ids IS NULL OR list_contains($load_ids, load_id))
      AND ($files IS NULL OR list_contains($files, source_file))
      AND ($kinds IS NULL OR list_contains($kinds, kind))
      AND ($rules IS NULL OR list_contains($rules, rule))
      AND ($file_clusters::VARCHAR[] IS NULL OR (
        SELECT count(*) > 0 AND bool_and(list_contains($file_clusters::VARCHAR[], c.code))
        FROM dim_cluster AS c
        WHERE regexp_matches(upper(quarantine.source_file),
                             '(^|[^A-Z0-9])' || upper(c.code) || '([^A-Z0-9]|$)')
      ))
)
SELECT * FROM rows ORDER BY load_id DESC, source_file, row_number, column_name
