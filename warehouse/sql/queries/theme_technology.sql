-- Activities, participants and companies by theme × technology and period ($grain: year,
-- quarter or month) of the counted activities in the window. No technology is no_technology(); with
-- $split_technology false every technology is '*' (distinct companies per theme and period).
WITH counted AS (
    SELECT a.activity_key, a.theme,
           CASE WHEN $split_technology THEN a.technology_code ELSE '*' END AS technology,
           date_trunc($grain, a.start_date) AS period
    FROM counted_activity_facts AS a
    WHERE a.start_date BETWEEN $date_from AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),
participation AS (
    SELECT c.theme, c.technology, c.period, p.org_key, p.participants, p.org_type
    FROM counted AS c
    JOIN participation_facts AS p USING (activity_key)
),
activity_counts AS (
    SELECT theme, technology, period, count(*) AS activities
    FROM counted
    GROUP BY ALL
),
participation_counts AS (
    SELECT theme, technology, period,
           sum(participants) AS participants,
           count(DISTINCT org_key) FILTER (WHERE org_type = 'company') AS companies
    FROM participation
    GROUP BY ALL
)
SELECT a.theme, a.technology, a.period::DATE AS period, a.activities,
       coalesce(p.participants, 0) AS participants, coalesce(p.companies, 0) AS companies
FROM activity_counts AS a
LEFT JOIN participation_counts AS p USING (theme, technology, period)
ORDER BY period, theme, technology
