-- Every participation points at a loaded activity and organisation.
WITH participations_without_parent AS (
    SELECT p.activity_id, p.org_id
    FROM participations AS p
    LEFT JOIN activities AS a ON a.activity_id = p.activity_id
    LEFT JOIN organisations AS o ON o.org_id = p.org_id
    WHERE a.activity_id IS NULL OR o.org_id IS NULL
)
SELECT * FROM participations_without_parent
