-- Headline figures of the counted activities (completed, started in the window) and their in-kind.
WITH counted AS (
    SELECT a.activity_id
    FROM activities AS a
    WHERE a.status = 'completed'
      AND a.start_date BETWEEN $date_from AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
),
participation AS (
    SELECT p.activity_id, p.org_id, p.participants, o.org_type, o.is_sme, o.country
    FROM participations AS p
    JOIN counted USING (activity_id)
    JOIN organisations AS o USING (org_id)
),
inkind_in_window AS (
    SELECT i.value_dkk, i.hours
    FROM inkind AS i
    JOIN activities AS a USING (activity_id)
    WHERE i.month BETWEEN date_trunc('month', $date_from) AND $date_to
      AND ($clusters IS NULL OR list_contains($clusters, a.lead_cluster))
      AND ($themes IS NULL OR list_contains($themes, a.theme))
)
SELECT
    (SELECT count(*) FROM counted) AS activities,
    (SELECT count(*) FROM participation) AS participations,
    (SELECT coalesce(sum(participants), 0) FROM participation) AS participants,
    (SELECT count(DISTINCT org_id) FROM participation) AS organisations,
    (SELECT count(DISTINCT org_id) FROM participation WHERE org_type = 'company') AS companies,
    (SELECT count(DISTINCT org_id) FROM participation WHERE is_sme) AS smes,
    (SELECT count(DISTINCT country) FROM participation) AS countries,
    (SELECT coalesce(sum(hours), 0) FROM inkind_in_window)::DOUBLE AS inkind_hours,
    (SELECT coalesce(sum(value_dkk), 0) FROM inkind_in_window)::DOUBLE AS inkind_dkk
