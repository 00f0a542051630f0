-- The years that the warehouse has activities, in-kind, funding or targets for, newest first.
-- No parameters.
WITH years AS (
    SELECT year(start_date) AS year FROM activities
    UNION
    SELECT year(month) FROM inkind
    UNION
    SELECT year FROM funding
    UNION
    SELECT year FROM targets
)
SELECT year
FROM years
WHERE year IS NOT NULL
ORDER BY year DESC
