-- G1.inkind_dkk: hours x rate of in-kind entries from companies, month in the year, on any
-- activity (scope: the activity's lead cluster).
WITH company_inkind AS (
    SELECT year, scope, first_point, value_dkk
    FROM scoped_inkind
    WHERE from_company
),

final AS (
    SELECT c.year, c.scope, p.point, sum(c.value_dkk) AS actual
    FROM company_inkind AS c
    INNER JOIN as_of_points AS p ON p.point >= c.first_point
    GROUP BY c.year, c.scope, p.point
)

SELECT * FROM final
