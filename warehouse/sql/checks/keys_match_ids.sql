-- The integer surrogate keys agree with the ids (docs/loading.md, "Keys"): org_key is 1..n in
-- org_id order and activity_key 1..n in (start_date, activity_id) order, so each is unique in
-- its dimension; and every fact's key is the key of its id. Facts are joined to the dimension
-- on the integer key and the ids compared, so a key that points at no row, or at another id's
-- row, is found. One row per fault: table, the row's id(s), the key column, its value.
WITH organisation_order AS (
    SELECT org_id, org_key, row_number() OVER (ORDER BY org_id) AS expected_key
    FROM organisations
),

activity_order AS (
    SELECT
        activity_id, activity_key,
        row_number() OVER (ORDER BY start_date, activity_id) AS expected_key
    FROM activities
),

repeated_keys AS (
    SELECT 'organisations' AS table_name, string_agg(org_id, ' / ' ORDER BY org_id) AS id_value,
           'org_key' AS key_column, org_key AS key_value
    FROM organisations GROUP BY org_key HAVING count(*) > 1
    UNION ALL
    SELECT 'activities', string_agg(activity_id, ' / ' ORDER BY activity_id), 'activity_key',
           activity_key
    FROM activities GROUP BY activity_key HAVING count(*) > 1
),

keys_out_of_order AS (
    SELECT 'organisations' AS table_name, org_id AS id_value, 'org_key' AS key_column,
           org_key AS key_value
    FROM organisation_order WHERE org_key IS DISTINCT FROM expected_key
    UNION ALL
    SELECT 'activities', activity_id, 'activity_key', activity_key
    FROM activity_order WHERE activity_key IS DISTINCT FROM expected_key
),

fact_keys_not_their_ids AS (
    SELECT 'activity_partners' AS table_name, concat_ws(' / ', f.activity_id, f.cluster) AS id_value,
           'activity_key' AS key_column, f.activity_key AS key_value
    FROM activity_partners AS f
    LEFT JOIN activities AS a ON a.activity_key = f.activity_key
    WHERE a.activity_id IS DISTINCT FROM f.activity_id
    UNION ALL
    SELECT 'participations', concat_ws(' / ', f.activity_id, f.org_id), 'activity_key',
           f.activity_key
    FROM participations AS f
    LEFT JOIN activities AS a ON a.activity_key = f.activity_key
    WHERE a.activity_id IS DISTINCT FROM f.activity_id
    UNION ALL
    SELECT 'participations', concat_ws(' / ', f.activity_id, f.org_id), 'org_key', f.org_key
    FROM participations AS f
    LEFT JOIN organisations AS o ON o.org_key = f.org_key
    WHERE o.org_id IS DISTINCT FROM f.org_id
    UNION ALL
    SELECT 'inkind', f.entry_id, 'activity_key', f.activity_key
    FROM inkind AS f
    LEFT JOIN activities AS a ON a.activity_key = f.activity_key
    WHERE a.activity_id IS DISTINCT FROM f.activity_id
    UNION ALL
    SELECT 'inkind', f.entry_id, 'org_key', f.org_key
    FROM inkind AS f
    LEFT JOIN organisations AS o ON o.org_key = f.org_key
    WHERE o.org_id IS DISTINCT FROM f.org_id
    UNION ALL
    SELECT 'applications', f.application_id, 'activity_key', f.activity_key
    FROM applications AS f
    LEFT JOIN activities AS a ON a.activity_key = f.activity_key
    WHERE a.activity_id IS DISTINCT FROM f.activity_id
    UNION ALL
    SELECT 'applications', f.application_id, 'lead_org_key', f.lead_org_key
    FROM applications AS f
    LEFT JOIN organisations AS o ON o.org_key = f.lead_org_key
    WHERE o.org_id IS DISTINCT FROM f.lead_org_id
    UNION ALL
    SELECT 'outcomes', concat_ws(' / ', f.org_id, CAST(f.year AS VARCHAR)), 'org_key', f.org_key
    FROM outcomes AS f
    LEFT JOIN organisations AS o ON o.org_key = f.org_key
    WHERE o.org_id IS DISTINCT FROM f.org_id
)

SELECT * FROM repeated_keys
UNION ALL
SELECT * FROM keys_out_of_order
UNION ALL
SELECT * FROM fact_keys_not_their_ids
