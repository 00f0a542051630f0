-- activity_facts (any status, any date) that pass the KPI filters, with their scope: the row's
-- value of `by_dimension` ('national' -> 'ALL', 'cluster' the lead cluster, 'region' the lead
-- cluster's home region, 'theme', 'technology'). An activity without a technology has no scope
-- under 'technology' and is left out. Filters: VARCHAR[] or NULL for no filter.
CREATE OR REPLACE MACRO scoped_activity_facts(
    by_dimension, clusters, regions, themes, technologies, activity_types
) AS TABLE
WITH filtered AS (
    SELECT *
    FROM activity_facts
    WHERE (clusters IS NULL OR list_contains(clusters, lead_cluster))
      AND (regions IS NULL OR list_contains(regions, home_region))
      AND (themes IS NULL OR list_contains(themes, theme))
      AND (technologies IS NULL OR list_contains(technologies, technology))
      AND (activity_types IS NULL OR list_contains(activity_types, activity_type))
),

with_scope AS (
    SELECT
        *,
        CASE by_dimension
            WHEN 'national' THEN 'ALL'
            WHEN 'cluster' THEN lead_cluster
            WHEN 'region' THEN home_region
            WHEN 'theme' THEN theme
            WHEN 'technology' THEN technology
        END AS scope
    FROM filtered
)

SELECT * FROM with_scope WHERE scope IS NOT NULL
