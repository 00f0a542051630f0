-- The as-of dates of one evaluation, numbered in date order (`point` 1, 2, ...): the KPI table has
-- one (the as-of date of the call), a burn-up one per month of the year up to it (the month's last
-- day, or the as-of date in its own month). A row of a set counts at every point whose as_of is on
-- or after the row's date; the sets give each row the first such point (`first_point`, an ASOF
-- JOIN, which also leaves out a row dated after the last point), and a KPI counts a row at every
-- point from its first (`p.point >= first_point`). So a whole burn-up is one pass over the facts,
-- not one per month.
-- Parameter: $as_of_dates (DATE[], ascending and distinct, not empty).
WITH points AS (
    SELECT
        CAST(i AS INTEGER) AS point,
        $as_of_dates[i] AS as_of
    FROM range(1, len($as_of_dates) + 1) AS r (i)
)

SELECT * FROM points
