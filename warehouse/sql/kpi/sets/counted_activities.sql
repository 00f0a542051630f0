-- Counted activities: scoped activities that count (`counted`, the rule of the model
-- activity_facts), with a start_date in the year and on
-- or before the as-of date. Parameters: $year (INTEGER, or NULL for every year), $as_of (DATE).
WITH counted AS (
    SELECT
        activity_key,
        activity_id,
        year,
        scope,
        activity_type,
        host_region,
        activity_country,
        users_involved
    FROM scoped_activities
    WHERE counted
      AND start_date <= $as_of
      AND ($year IS NULL OR year = $year)
)

SELECT * FROM counted
