-- Every reference code with its Danish and English label, one row per (dimension, code).
WITH dims AS (
    SELECT 'cluster' AS dimension, code, label_da, label_en, sort_order FROM dim_cluster
    UNION ALL
    SELECT 'region', code, label_da, label_en, sort_order FROM dim_region
    UNION ALL
    SELECT 'theme', code, label_da, label_en, sort_order FROM dim_theme
    UNION ALL
    SELECT 'technology', code, label_da, label_en, sort_order FROM dim_technology
    UNION ALL
    SELECT 'activity_type', code, label_da, label_en, sort_order FROM dim_activity_type
    UNION ALL
    SELECT 'org_type', code, label_da, label_en, sort_order FROM dim_org_type
    UNION ALL
    SELECT 'priority_market', code, label_da, label_en, sort_order FROM dim_priority_market
)
SELECT dimension, code, label_da, label_en, sort_order
FROM dims
ORDER BY dimension, sort_order
