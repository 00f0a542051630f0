-- Quarantined rows with their reasons, optionally only some loads, files, kinds and rules.
WITH rows AS (
    SELECT load_id, source_file, kind, row_number, column_name, rule, original_value, message
    FROM quarantine
    WHERE ($load_ids IS NULL OR list_contains($load_ids, load_id))
      AND ($files IS NULL OR list_contains($files, source_file))
      AND ($kinds IS NULL OR list_contains($kinds, kind))
      AND ($rules IS NULL OR list_contains($rules, rule))
)
SELECT * FROM rows ORDER BY load_id DESC, source_file, row_number, column_name
