-- Every application points at a loaded activity and lead organisation.
WITH applications_without_parent AS (
    SELECT ap.application_id
    FROM applications AS ap
    LEFT JOIN activities AS a ON a.activity_id = ap.activity_id
    LEFT JOIN organisations AS o ON o.org_id = ap.lead_org_id
    WHERE a.activity_id IS NULL OR o.org_id IS NULL
)
SELECT * FROM applications_without_parent
