-- International reach by year and country (≠ DK): counted activities held abroad and distinct
-- foreign organisations taking part in counted activities, all years up to $date_to.
WITH counted AS (
    SELECT a.activity_key, a.activity_country AS country, a.year
    FROM counted_activity_facts AS a
    WHERE a.start_date <= $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),
activities_abroad AS (
    SELECT year, country, count(*) AS activities
    FROM counted
    WHERE country <> 'DK'
    GROUP BY ALL
),
foreign_orgs AS (
    SELECT c.year, p.org_country AS country, count(DISTINCT p.org_key) AS organisations
    FROM counted AS c
    JOIN participation_facts AS p USING (activity_key)
    WHERE p.org_country <> 'DK'
    GROUP BY ALL
),
combined AS (
    SELECT coalesce(a.year, f.year) AS year, coalesce(a.country, f.country) AS country,
           coalesce(a.activities, 0) AS activities, coalesce(f.organisations, 0) AS organisations
    FROM activities_abroad AS a
    FULL JOIN foreign_orgs AS f ON a.year = f.year AND a.country = f.country
)
SELECT c.year, c.country, c.activities, c.organisations, (pm.code IS NOT NULL) AS priority
FROM combined AS c
LEFT JOIN dim_priority_market AS pm ON pm.code = c.country
ORDER BY c.year, c.country
