-- pivot_facts that pass the Explorer's filters: the one definition of what every filter of the
-- Explorer means, read by its rows (explorer_rows.sql) and its pivot (explorer_pivot.sql).
-- Each filter is a list (VARCHAR[] or DATE bounds, BOOLEAN for sme) or NULL for no filter.
-- lead_clusters is the user's access (NULL: all; a list, even empty: only those lead clusters),
-- applied on top of the clusters filter, which the user chooses.
CREATE OR REPLACE MACRO filtered_pivot_facts(
    date_from, date_to, statuses, clusters, lead_clusters, themes, technologies,
    activity_types, regions, org_types, sme, countries
) AS TABLE
WITH matching AS (
    SELECT f.*
    FROM pivot_facts AS f
    WHERE (date_from IS NULL OR f.start_date >= date_from)
      AND (date_to IS NULL OR f.start_date <= date_to)
      AND (statuses IS NULL OR list_contains(statuses, f.status))
      AND (clusters IS NULL OR list_contains(clusters, f.lead_cluster))
      AND (lead_clusters IS NULL OR list_contains(lead_clusters, f.lead_cluster))
      AND (themes IS NULL OR list_contains(themes, f.theme))
      AND (technologies IS NULL OR list_contains(technologies, f.technology_code))
      AND (activity_types IS NULL OR list_contains(activity_types, f.activity_type))
      AND (regions IS NULL OR list_contains(regions, f.org_region))
      AND (org_types IS NULL OR list_contains(org_types, f.org_type))
      AND (sme IS NULL OR f.is_sme = sme)
      AND (countries IS NULL OR list_contains(countries, f.org_country))
)

SELECT * FROM matching
