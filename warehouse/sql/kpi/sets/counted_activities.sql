-- Counted activities: scoped activities that count (`counted`, the rule of the model
-- activity_facts) with a start_date in the year and on or before the as-of date: first_point is
-- the first as-of point on or after the start_date (as_of_points; the ASOF JOIN leaves out an
-- activity that starts after the last point). Parameters: $year (INTEGER, or NULL for every
-- year), $as_of_dates (as_of_points).
WITH in_year AS (
    SELECT
        activity_key,
        activity_id,
        start_date,
        year,
        scope,
        activity_type,
        host_region,
        international,
        users_involved
    FROM scoped_activities
    WHERE counted
      AND ($year IS NULL OR year = $year)
),

start_points AS (
    SELECT d.start_date, p.point AS first_point
    FROM (SELECT DISTINCT start_date FROM in_year) AS d
    ASOF JOIN as_of_points AS p ON d.start_date <= p.as_of
),

counted AS (
    SELECT
        a.activity_key,
        a.activity_id,
        a.year,
        a.scope,
        a.activity_type,
        a.host_region,
        a.international,
        a.users_involved,
        s.first_point
    FROM in_year AS a
    INNER JOIN start_points AS s ON s.start_date = a.start_date
)

SELECT * FROM counted
