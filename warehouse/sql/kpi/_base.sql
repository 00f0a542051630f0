-- Shared named CTEs of every KPI query (a CTE list: warehouse.kpi puts `WITH` before it and the
-- KPI queries after it). Every runtime value is a parameter:
--   $year (INTEGER or NULL = every year), $as_of (DATE), $by (national|cluster|region|theme|
--   technology), $clusters, $regions, $themes, $technologies, $activity_types (VARCHAR[] or NULL
--   = no filter).
-- `scope` is the row's scope value for $by: 'ALL', the lead cluster, the lead cluster's home
-- region, the theme or the technology.
params AS (
    SELECT
        CAST($year AS INTEGER) AS p_year,
        CAST($as_of AS DATE) AS p_as_of,
        CAST($by AS VARCHAR) AS p_by,
        CAST($clusters AS VARCHAR[]) AS f_clusters,
        CAST($regions AS VARCHAR[]) AS f_regions,
        CAST($themes AS VARCHAR[]) AS f_themes,
        CAST($technologies AS VARCHAR[]) AS f_technologies,
        CAST($activity_types AS VARCHAR[]) AS f_activity_types
),

filter_flags AS (
    SELECT
        *,
        -- a filter that funding rows (which have no activity) cannot follow
        (f_themes IS NOT NULL OR f_technologies IS NOT NULL OR f_activity_types IS NOT NULL)
            AS has_activity_only_filter,
        (f_clusters IS NOT NULL OR f_regions IS NOT NULL OR f_themes IS NOT NULL
            OR f_technologies IS NOT NULL OR f_activity_types IS NOT NULL) AS has_any_filter
    FROM params
),

-- every activity (any status, any date) that passes the filters, with its scope
activity_with_scope AS (
    SELECT
        a.activity_id,
        a.activity_type,
        a.lead_cluster,
        c.home_region,
        a.theme,
        a.technology,
        a.start_date,
        year(a.start_date) AS year,
        a.region AS host_region,
        a.country AS activity_country,
        a.status,
        a.users_involved,
        CASE p.p_by
            WHEN 'national' THEN 'ALL'
            WHEN 'cluster' THEN a.lead_cluster
            WHEN 'region' THEN c.home_region
            WHEN 'theme' THEN a.theme
            WHEN 'technology' THEN a.technology
        END AS scope
    FROM activities AS a
    INNER JOIN dim_cluster AS c ON c.code = a.lead_cluster
    CROSS JOIN params AS p
    WHERE (p.f_clusters IS NULL OR list_contains(p.f_clusters, a.lead_cluster))
      AND (p.f_regions IS NULL OR list_contains(p.f_regions, c.home_region))
      AND (p.f_themes IS NULL OR list_contains(p.f_themes, a.theme))
      AND (p.f_technologies IS NULL OR list_contains(p.f_technologies, a.technology))
      AND (p.f_activity_types IS NULL OR list_contains(p.f_activity_types, a.activity_type))
),

-- an activity without a technology has no scope when $by = 'technology'
scoped_activities AS (
    SELECT * FROM activity_with_scope WHERE scope IS NOT NULL
),

-- counted activities: completed, start_date in the year, start_date <= as-of
counted_activities AS (
    SELECT a.*
    FROM scoped_activities AS a
    CROSS JOIN params AS p
    WHERE a.status = 'completed'
      AND a.start_date <= p.p_as_of
      AND (p.p_year IS NULL OR a.year = p.p_year)
),

-- participations in counted activities, with the organisation's attributes
counted_participations AS (
    SELECT
        a.activity_id,
        a.year,
        a.scope,
        a.activity_type,
        a.host_region,
        a.activity_country,
        pa.org_id,
        o.org_type,
        o.country AS org_country,
        o.region AS org_region,
        o.employees
    FROM counted_activities AS a
    INNER JOIN participations AS pa ON pa.activity_id = a.activity_id
    INNER JOIN organisations AS o ON o.org_id = pa.org_id
),

-- in-kind entries on any scoped activity, dated by month (counts from the month's first day)
scoped_inkind AS (
    SELECT
        i.entry_id,
        year(i.month) AS year,
        a.scope,
        o.org_type,
        i.value_dkk
    FROM inkind AS i
    INNER JOIN scoped_activities AS a ON a.activity_id = i.activity_id
    INNER JOIN organisations AS o ON o.org_id = i.org_id
    CROSS JOIN params AS p
    WHERE i.month <= p.p_as_of
      AND (p.p_year IS NULL OR year(i.month) = p.p_year)
),

-- applications grown out of any scoped activity, dated by submitted_date
scoped_applications AS (
    SELECT
        ap.application_id,
        year(ap.submitted_date) AS year,
        a.scope,
        ap.status,
        ap.amount_granted_dkk
    FROM applications AS ap
    INNER JOIN scoped_activities AS a ON a.activity_id = ap.activity_id
    CROSS JOIN params AS p
    WHERE ap.submitted_date <= p.p_as_of
      AND (p.p_year IS NULL OR year(ap.submitted_date) = p.p_year)
),

-- funding rows by funding.cluster (region scope: the cluster's home region), dated by the
-- quarter's first day; no scope at theme/technology scope, none at all under a theme,
-- technology or activity-type filter
scoped_funding AS (
    SELECT
        f.funding_id,
        f.year,
        CASE p.p_by
            WHEN 'national' THEN 'ALL'
            WHEN 'cluster' THEN f.cluster
            WHEN 'region' THEN c.home_region
        END AS scope,
        f.source,
        f.flow,
        f.amount_dkk
    FROM funding AS f
    INNER JOIN dim_cluster AS c ON c.code = f.cluster
    CROSS JOIN filter_flags AS p
    WHERE p.p_by IN ('national', 'cluster', 'region')
      AND NOT p.has_activity_only_filter
      AND f.period_start <= p.p_as_of
      AND (p.p_year IS NULL OR f.year = p.p_year)
      AND (p.f_clusters IS NULL OR list_contains(p.f_clusters, f.cluster))
      AND (p.f_regions IS NULL OR list_contains(p.f_regions, c.home_region))
)
