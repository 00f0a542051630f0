-- The range of organisations.org_key: the bounds of the organisation bitstrings of the KPI sets
-- (0 and 0 when there are no organisations).
SELECT
    coalesce(min(org_key), 0) AS org_key_min,
    coalesce(max(org_key), 0) AS org_key_max
FROM organisations
