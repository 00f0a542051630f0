-- The ministry grant of $year as of $as_of (quarters whose first day is on or before the as-of
-- date): allocated and spent by cluster, category and quarter. Parameters: $year, $as_of,
-- $clusters (the reader's data scope: NULL every cluster, else only these clusters).
WITH ministry AS (
    SELECT cluster, category, quarter, flow, amount_dkk
    FROM funding
    WHERE source = 'ministry'
      AND year = $year
      AND period_start <= $as_of
      AND ($clusters::VARCHAR[] IS NULL OR list_contains($clusters::VARCHAR[], cluster))
),
categories AS (
    SELECT *
    FROM (VALUES
        ('salary', 'Løn', 1),
        ('operations', 'Drift', 2),
        ('travel', 'Rejser', 3),
        ('external', 'Ekstern bistand', 4),
        ('other', 'Andet', 5)
    ) AS t (code, label_da, sort_order)
)
SELECT
    m.cluster,
    c.label_da AS cluster_label,
    m.category,
    coalesce(k.label_da, m.category) AS category_label,
    m.quarter,
    coalesce(sum(m.amount_dkk) FILTER (WHERE m.flow = 'allocated'), 0) AS allocated_dkk,
    coalesce(sum(m.amount_dkk) FILTER (WHERE m.flow = 'spent'), 0) AS spent_dkk
FROM ministry AS m
LEFT JOIN dim_cluster AS c ON c.code = m.cluster
LEFT JOIN categories AS k ON k.code = m.category
GROUP BY m.cluster, c.label_da, c.sort_order, m.category, k.label_da, k.sort_order, m.quarter
ORDER BY c.sort_order, k.sort_order, m.quarter
