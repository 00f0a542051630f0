-- In-kind hours and value with month in the window, by organisation type and the lead cluster of
-- the activity the hours were given to.
WITH in_window AS (
    SELECT i.org_id, i.hours, i.value_dkk, a.lead_cluster, o.org_type
    FROM inkind AS i
    JOIN activities AS a USING (activity_id)
    JOIN organisations AS o USING (org_id)
    WHERE i.month BETWEEN date_trunc('month', $date_from) AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
)
SELECT org_type, lead_cluster AS cluster,
       sum(hours)::DOUBLE AS hours, sum(value_dkk)::DOUBLE AS value_dkk,
       count(DISTINCT org_id) AS organisations
FROM in_window
GROUP BY ALL
ORDER BY cluster, org_type
