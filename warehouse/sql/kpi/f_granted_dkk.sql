-- F.granted_dkk: sum of amount_granted_dkk of granted applications submitted in the year.
WITH granted AS (
    SELECT year, scope, amount_granted_dkk
    FROM scoped_applications
    WHERE status = 'granted'
),

final AS (
    SELECT year, scope, sum(amount_granted_dkk) AS actual
    FROM granted
    GROUP BY year, scope
)

SELECT * FROM final
