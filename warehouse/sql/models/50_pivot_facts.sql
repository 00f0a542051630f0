-- The Explorer's facts: one row per (activity, organisation) that took part or gave in-kind
-- hours (an activity without any stays as one row without organisation), with every attribute
-- pivot_key() reads. Joined on the integer keys.
CREATE OR REPLACE VIEW pivot_facts AS
WITH inkind_by_pair AS (
    SELECT
        activity_key,
        org_key,
        sum(hours)::DOUBLE AS inkind_hours,
        sum(value_dkk)::DOUBLE AS inkind_dkk
    FROM inkind
    GROUP BY ALL
),

pairs AS (
    SELECT activity_key, org_key, p.participants, p.role, i.inkind_hours, i.inkind_dkk
    FROM participations AS p
    FULL JOIN inkind_by_pair AS i USING (activity_key, org_key)
),

final AS (
    SELECT
        a.activity_key,
        a.activity_id,
        a.title,
        a.activity_type,
        a.status,
        a.lead_cluster,
        a.theme,
        a.technology,
        a.technology_code,
        a.start_date,
        a.end_date,
        a.host_region,
        a.activity_country AS host_country,
        a.users_involved,
        o.org_key,
        o.org_id,
        o.name AS org_name,
        o.org_type,
        o.is_sme,
        o.employees,
        o.region AS org_region,
        o.country AS org_country,
        pairs.role,
        pairs.participants,
        pairs.inkind_hours,
        pairs.inkind_dkk
    FROM activity_facts AS a
    LEFT JOIN pairs ON pairs.activity_key = a.activity_key
    LEFT JOIN organisations AS o ON o.org_key = pairs.org_key
)

SELECT * FROM final
