-- The scope values of every `by`, in display order (region: with nothing in `home_region`).
SELECT 'cluster' AS dimension, code, home_region, sort_order FROM dim_cluster
UNION ALL
SELECT 'region', code, NULL, sort_order FROM dim_region
UNION ALL
SELECT 'theme', code, NULL, sort_order FROM dim_theme
UNION ALL
SELECT 'technology', code, NULL, sort_order FROM dim_technology
