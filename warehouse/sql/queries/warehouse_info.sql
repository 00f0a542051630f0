-- The warehouse at a glance: the last load and the years that have activities or targets.
WITH last_load AS (
    SELECT load_id, started_at, finished_at, input_dir, status
    FROM load_runs
    ORDER BY (status = 'loaded') DESC, load_id DESC
    LIMIT 1
),
activity_years AS (
    SELECT DISTINCT year(start_date) AS year FROM activities
),
target_years AS (
    SELECT DISTINCT year FROM targets
),
all_years AS (
    SELECT year FROM activity_years
    UNION
    SELECT year FROM target_years
),
years AS (
    SELECT
        (SELECT list(year ORDER BY year) FROM all_years) AS years,
        (SELECT list(year ORDER BY year) FROM activity_years) AS activity_years
),
facts AS (
    SELECT
        (SELECT count(*) FROM activities) AS activities,
        (SELECT count(*) FROM organisations) AS organisations
)
SELECT
    last_load.load_id,
    last_load.finished_at AS loaded_at,
    last_load.input_dir,
    years.years,
    years.activity_years,
    facts.activities,
    facts.organisations
FROM facts
CROSS JOIN years
LEFT JOIN last_load ON true
