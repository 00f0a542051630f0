-- Applications grown out of any scoped activity, by year of submitted_date, scope, status and
-- first as-of point (as_of_points): how many and the amount granted. An application counts from
-- its submitted_date if that is on or before the as-of date (the ASOF JOIN leaves out one
-- submitted after the last point). Parameters: $year (INTEGER, or NULL for every year),
-- $as_of_dates (as_of_points).
WITH dated_applications AS (
    SELECT
        ap.application_id,
        year(ap.submitted_date) AS year,
        a.scope,
        ap.status,
        ap.amount_granted_dkk,
        p.point AS first_point
    FROM applications AS ap
    INNER JOIN scoped_activities AS a ON a.activity_key = ap.activity_key
    ASOF JOIN as_of_points AS p ON ap.submitted_date <= p.as_of
    WHERE ($year IS NULL OR year(ap.submitted_date) = $year)
),

final AS (
    SELECT
        year,
        scope,
        status,
        first_point,
        count(*) AS applications,
        sum(amount_granted_dkk) AS amount_granted_dkk
    FROM dated_applications
    GROUP BY year, scope, status, first_point
)

SELECT * FROM final
