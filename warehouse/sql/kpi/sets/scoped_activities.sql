-- Every activity (any status, any date) that passes the filters, with its scope: the row's value
-- of $by ('ALL', the lead cluster, the lead cluster's home region, the theme or the technology).
-- An activity without a technology has no scope when $by = 'technology' and is left out.
-- Parameters: $by; $clusters, $regions, $themes, $technologies, $activity_types (VARCHAR[], or
-- NULL for no filter).
WITH filtered_activities AS (
    SELECT a.*, c.home_region
    FROM activities AS a
    INNER JOIN dim_cluster AS c ON c.code = a.lead_cluster
    WHERE ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($regions IS NULL OR list_contains($regions, c.home_region))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
      AND ($technologies IS NULL OR list_contains($technologies, a.technology))
      AND ($activity_types IS NULL OR list_contains($activity_types, a.activity_type))
),

with_scope AS (
    SELECT
        activity_id,
        activity_type,
        start_date,
        year(start_date) AS year,
        status,
        region AS host_region,
        country AS activity_country,
        users_involved,
        CASE $by
            WHEN 'national' THEN 'ALL'
            WHEN 'cluster' THEN lead_cluster
            WHEN 'region' THEN home_region
            WHEN 'theme' THEN theme
            WHEN 'technology' THEN technology
        END AS scope
    FROM filtered_activities
)

SELECT * FROM with_scope WHERE scope IS NOT NULL
