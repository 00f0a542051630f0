-- The range of organisations.rowid: the bounds of the organisation bitstrings of the KPI sets
-- (0 and 0 when there are no organisations).
SELECT
    coalesce(min(rowid), 0) AS org_key_min,
    coalesce(max(rowid), 0) AS org_key_max
FROM organisations
