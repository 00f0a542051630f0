-- G1.inkind_dkk: hours x rate of in-kind entries from companies, month in the year, on any
-- activity (scope: the activity's lead cluster).
WITH company_inkind AS (
    SELECT year, scope, value_dkk
    FROM scoped_inkind
    WHERE from_company
),

final AS (
    SELECT year, scope, sum(value_dkk) AS actual
    FROM company_inkind
    GROUP BY year, scope
)

SELECT * FROM final
