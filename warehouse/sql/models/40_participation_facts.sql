-- Every participation with its organisation (joined on org_key): who took part in which
-- activity, how many people, in what role, and the organisation's type, size, region and country.
CREATE OR REPLACE VIEW participation_facts AS
WITH joined AS (
    SELECT
        p.activity_key,
        p.org_key,
        p.activity_id,
        p.org_id,
        p.participants,
        p.role,
        o.name AS org_name,
        o.org_type,
        o.is_sme,
        o.employees,
        o.region AS org_region,
        o.country AS org_country
    FROM participations AS p
    INNER JOIN organisations AS o ON o.org_key = p.org_key
)

SELECT * FROM joined
