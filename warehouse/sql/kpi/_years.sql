-- The years with data: any activity, in-kind entry, funding row, application or outcome.
WITH data_years AS (
    SELECT year(start_date) AS year FROM activities
    UNION
    SELECT year(month) FROM inkind
    UNION
    SELECT year FROM funding
    UNION
    SELECT year(submitted_date) FROM applications
    UNION
    SELECT year FROM outcomes
)

SELECT year FROM data_years ORDER BY year
