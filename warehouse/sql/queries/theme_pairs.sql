-- The trend of the themes page narrowed to exactly the (theme, technology) cells a user clicked:
-- activities, participants and distinct companies by theme and period ($grain: year, quarter or
-- month) of the counted activities in the window whose (theme, technology code) is one of the
-- pairs ($pair_themes[i], $pair_technologies[i]; no technology is no_technology()). A company
-- in two clicked cells of one theme counts once for that theme and period.
WITH pairs AS (
    SELECT DISTINCT
        unnest($pair_themes::VARCHAR[]) AS theme,
        unnest($pair_technologies::VARCHAR[]) AS technology_code
),

counted AS (
    SELECT a.activity_key, a.theme, date_trunc($grain, a.start_date) AS period
    FROM counted_activity_facts AS a
    INNER JOIN pairs ON pairs.theme = a.theme AND pairs.technology_code = a.technology_code
    WHERE a.start_date BETWEEN $date_from AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),

activity_counts AS (
    SELECT theme, period, count(*) AS activities
    FROM counted
    GROUP BY ALL
),

participation_counts AS (
    SELECT
        c.theme,
        c.period,
        sum(p.participants) AS participants,
        count(DISTINCT p.org_key) FILTER (WHERE p.org_type = 'company') AS companies
    FROM counted AS c
    INNER JOIN participation_facts AS p USING (activity_key)
    GROUP BY ALL
)

SELECT
    a.theme,
    a.period::DATE AS period,
    a.activities,
    coalesce(p.participants, 0) AS participants,
    coalesce(p.companies, 0) AS companies
FROM activity_counts AS a
LEFT JOIN participation_counts AS p USING (theme, period)
ORDER BY period, theme
