-- Every in-kind entry points at a loaded activity and organisation, and its value is hours × rate.
WITH broken_inkind AS (
    SELECT i.entry_id
    FROM inkind AS i
    LEFT JOIN activities AS a ON a.activity_id = i.activity_id
    LEFT JOIN organisations AS o ON o.org_id = i.org_id
    WHERE a.activity_id IS NULL
       OR o.org_id IS NULL
       OR i.value_dkk <> i.hours * i.hourly_rate_dkk
)
SELECT * FROM broken_inkind
