-- Headline figures of the counted activities (completed, started in the window) and their in-kind.
WITH counted AS (
    SELECT a.activity_key
    FROM counted_activity_facts AS a
    WHERE a.start_date BETWEEN $date_from AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),
participation AS (
    SELECT p.activity_key, p.org_key, p.participants, p.org_type, p.is_sme,
           p.org_country AS country
    FROM participation_facts AS p
    JOIN counted USING (activity_key)
),
inkind_in_window AS (
    SELECT i.value_dkk, i.hours
    FROM inkind AS i
    JOIN activity_facts AS a USING (activity_key)
    WHERE i.month BETWEEN date_trunc('month', $date_from) AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
)
SELECT
    (SELECT count(*) FROM counted) AS activities,
    (SELECT count(*) FROM participation) AS participations,
    (SELECT coalesce(sum(participants), 0) FROM participation) AS participants,
    (SELECT count(DISTINCT org_key) FROM participation) AS organisations,
    (SELECT count(DISTINCT org_key) FROM participation WHERE org_type = 'company') AS companies,
    (SELECT count(DISTINCT org_key) FROM participation WHERE is_sme) AS smes,
    (SELECT count(DISTINCT country) FROM participation) AS countries,
    (SELECT coalesce(sum(hours), 0) FROM inkind_in_window)::DOUBLE AS inkind_hours,
    (SELECT coalesce(sum(value_dkk), 0) FROM inkind_in_window)::DOUBLE AS inkind_dkk
