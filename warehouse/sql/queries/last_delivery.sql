-- When each cluster last delivered each kind of file. The cluster is the cluster code found in
-- the file name between separators (activities_LSI_2020Q4.csv); files without one are the
-- secretariat's. A delivery is a file content (name + sha256) the first time a load saw it.
-- $file_clusters is the user's access (NULL: every file; a list: only files whose name carries
-- cluster codes, all of them in the list; files without a code are the secretariat's).
WITH deliveries AS (
    SELECT file_name, sha256, kind, min(loaded_at) AS first_seen, max(load_id) AS last_load_id
    FROM load_log
    WHERE kind IS NOT NULL
      AND ($file_clusters::VARCHAR[] IS NULL OR (
        SELECT count(*) > 0 AND bool_and(list_contains($file_clusters::VARCHAR[], c.code))
        FROM dim_cluster AS c
        WHERE regexp_matches(upper(load_log.file_name),
                             '(^|[^A-Z0-9])' || upper(c.code) || '([^A-Z0-9]|$)')
      ))
    GROUP BY ALL
),
named AS (
    SELECT d.*, c.code AS cluster
    FROM deliveries AS d
    LEFT JOIN dim_cluster AS c
      ON regexp_matches(upper(d.file_name), '(^|[^A-Z0-9])' || upper(c.code) || '([^A-Z0-9]|$)')
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY cluster, kind ORDER BY first_seen DESC, file_name)
              AS rank_in_kind
    FROM named
)
SELECT coalesce(cluster, '') AS cluster, kind, first_seen AS delivered_at, file_name,
       last_load_id
FROM ranked
WHERE rank_in_kind = 1
ORDER BY cluster, kind
