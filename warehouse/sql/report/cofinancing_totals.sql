-- The parts of the co-financing ratio (F.cofinancing_ratio) of $year as of $as_of: in-kind value
-- from all organisations (and from companies alone), regional spending and ministry spending.
-- Parameters: $year, $as_of, $clusters (the reader's data scope: NULL the network, else in-kind
-- on activities led by these clusters and these clusters' funding, as the KPI's cluster scope).
WITH entries AS (
    SELECT i.value_dkk, o.org_type
    FROM inkind AS i
    JOIN organisations AS o USING (org_id)
    JOIN activities AS a USING (activity_id)
    WHERE year(i.month) = $year
      AND i.month <= $as_of
      AND ($clusters::VARCHAR[] IS NULL OR list_contains($clusters::VARCHAR[], a.lead_cluster))
),
spending AS (
    SELECT source, amount_dkk
    FROM funding
    WHERE flow = 'spent'
      AND year = $year
      AND period_start <= $as_of
      AND ($clusters::VARCHAR[] IS NULL OR list_contains($clusters::VARCHAR[], cluster))
)
SELECT
    (SELECT coalesce(sum(value_dkk), 0) FROM entries) AS inkind_dkk,
    (SELECT coalesce(sum(value_dkk), 0) FROM entries WHERE org_type = 'company')
        AS inkind_companies_dkk,
    (SELECT coalesce(sum(amount_dkk), 0) FROM spending WHERE source = 'region') AS region_spent_dkk,
    (SELECT coalesce(sum(amount_dkk), 0) FROM spending WHERE source = 'ministry')
        AS ministry_spent_dkk
