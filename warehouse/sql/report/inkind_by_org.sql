-- In-kind contributions of $year as of $as_of (month in the year, first day of the month on or
-- before the as-of date), by organisation and documentation kind, from all organisations.
-- Parameters: $year, $as_of, $clusters (the reader's data scope: NULL every entry, else only
-- entries on activities led by these clusters).
WITH entries AS (
    SELECT i.*
    FROM inkind AS i
    JOIN activities AS a USING (activity_id)
    WHERE year(i.month) = $year
      AND i.month <= $as_of
      AND ($clusters::VARCHAR[] IS NULL OR list_contains($clusters::VARCHAR[], a.lead_cluster))
)
SELECT
    o.org_id,
    o.name,
    o.org_type,
    ot.label_da AS org_type_label,
    coalesce(o.cvr, '') AS cvr,
    e.documentation,
    count(*) AS entries,
    sum(e.hours) AS hours,
    sum(e.value_dkk) AS value_dkk
FROM entries AS e
JOIN organisations AS o USING (org_id)
LEFT JOIN dim_org_type AS ot ON ot.code = o.org_type
GROUP BY o.org_id, o.name, o.org_type, ot.label_da, o.cvr, e.documentation
ORDER BY o.name COLLATE da, o.org_id, e.documentation
