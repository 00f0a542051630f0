-- Every coded column holds a code of its dimension table.
WITH unknown_codes AS (
    SELECT 'organisations.org_type' AS what, org_type AS code FROM organisations
    WHERE org_type NOT IN (SELECT code FROM dim_org_type)
    UNION ALL
    SELECT 'organisations.region', region FROM organisations
    WHERE region IS NOT NULL AND region NOT IN (SELECT code FROM dim_region)
    UNION ALL
    SELECT 'activities.activity_type', activity_type FROM activities
    WHERE activity_type NOT IN (SELECT code FROM dim_activity_type)
    UNION ALL
    SELECT 'activities.lead_cluster', lead_cluster FROM activities
    WHERE lead_cluster NOT IN (SELECT code FROM dim_cluster)
    UNION ALL
    SELECT 'activities.theme', theme FROM activities
    WHERE theme NOT IN (SELECT code FROM dim_theme)
    UNION ALL
    SELECT 'activities.technology', technology FROM activities
    WHERE technology IS NOT NULL AND technology NOT IN (SELECT code FROM dim_technology)
    UNION ALL
    SELECT 'activities.region', region FROM activities
    WHERE region IS NOT NULL AND region NOT IN (SELECT code FROM dim_region)
    UNION ALL
    SELECT 'activity_partners.cluster', cluster FROM activity_partners
    WHERE cluster NOT IN (SELECT code FROM dim_cluster)
    UNION ALL
    SELECT 'funding.cluster', cluster FROM funding
    WHERE cluster NOT IN (SELECT code FROM dim_cluster)
    UNION ALL
    SELECT 'funding.region', region FROM funding
    WHERE region IS NOT NULL AND region NOT IN (SELECT code FROM dim_region)
    UNION ALL
    SELECT 'targets.scope', scope FROM targets
    WHERE scope <> 'ALL' AND scope NOT IN (SELECT code FROM dim_cluster)
)
SELECT * FROM unknown_codes
