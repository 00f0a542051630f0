-- The values the Explorer's filters offer that are not reference codes: countries of the
-- organisations and the span of activity dates.
WITH countries AS (
    SELECT list(DISTINCT country ORDER BY country) AS countries FROM organisations
),
dates AS (
    SELECT min(start_date) AS first_date, max(start_date) AS last_date FROM activities
)
SELECT countries.countries, dates.first_date, dates.last_date
FROM countries
CROSS JOIN dates
