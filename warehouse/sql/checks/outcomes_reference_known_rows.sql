-- Every outcome row belongs to a loaded organisation.
WITH outcomes_without_org AS (
    SELECT oc.org_id, oc.year
    FROM outcomes AS oc
    LEFT JOIN organisations AS o ON o.org_id = oc.org_id
    WHERE o.org_id IS NULL
)
SELECT * FROM outcomes_without_org
