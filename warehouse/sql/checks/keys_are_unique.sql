-- Every fact table's key is unique. The fact tables carry no PRIMARY KEY (building the indexes
-- was a fifth of a large load, and the load already quarantines duplicate keys as `unique`);
-- this check is the warehouse's own guarantee instead. The two largest tables group a hash of
-- the key first (a number groups much faster than text) and group the text of only the rows
-- whose hash repeats, so the result is exact.
WITH participation_hashes AS (
    SELECT hash(activity_id, org_id) AS key_hash
    FROM participations GROUP BY key_hash HAVING count(*) > 1
),

inkind_hashes AS (
    SELECT hash(entry_id) AS key_hash
    FROM inkind GROUP BY key_hash HAVING count(*) > 1
),

duplicate_keys AS (
    SELECT 'organisations' AS table_name, org_id AS key_value
    FROM organisations GROUP BY org_id HAVING count(*) > 1
    UNION ALL
    SELECT 'activities', activity_id
    FROM activities GROUP BY activity_id HAVING count(*) > 1
    UNION ALL
    SELECT 'activity_partners', concat_ws(' / ', activity_id, cluster)
    FROM activity_partners GROUP BY activity_id, cluster HAVING count(*) > 1
    UNION ALL
    SELECT 'participations', concat_ws(' / ', activity_id, org_id)
    FROM participations
    WHERE hash(activity_id, org_id) IN (SELECT key_hash FROM participation_hashes)
    GROUP BY activity_id, org_id HAVING count(*) > 1
    UNION ALL
    SELECT 'inkind', entry_id
    FROM inkind
    WHERE hash(entry_id) IN (SELECT key_hash FROM inkind_hashes)
    GROUP BY entry_id HAVING count(*) > 1
    UNION ALL
    SELECT 'funding', funding_id
    FROM funding GROUP BY funding_id HAVING count(*) > 1
    UNION ALL
    SELECT 'applications', application_id
    FROM applications GROUP BY application_id HAVING count(*) > 1
    UNION ALL
    SELECT 'outcomes', concat_ws(' / ', org_id, CAST(year AS VARCHAR))
    FROM outcomes GROUP BY org_id, year HAVING count(*) > 1
    UNION ALL
    SELECT 'targets', concat_ws(' / ', kpi_id, CAST(year AS VARCHAR), scope)
    FROM targets GROUP BY kpi_id, year, scope HAVING count(*) > 1
)

SELECT * FROM duplicate_keys
