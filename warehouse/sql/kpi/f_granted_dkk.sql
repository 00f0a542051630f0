-- F.granted_dkk: sum of amount_granted_dkk of granted applications submitted in the year.
WITH granted AS (
    SELECT year, scope, first_point, amount_granted_dkk
    FROM scoped_applications
    WHERE status = 'granted'
),

final AS (
    SELECT g.year, g.scope, p.point, sum(g.amount_granted_dkk) AS actual
    FROM granted AS g
    INNER JOIN as_of_points AS p ON p.point >= g.first_point
    GROUP BY g.year, g.scope, p.point
)

SELECT * FROM final
