-- The value of one pivot dimension of a pivot_facts row: THE mapping of the Explorer's 13
-- dimensions (docs/dashboard.md), read by its pivot and its drill-down. `fact` is a row of
-- pivot_facts (its alias), `dimension` one of the names below; another name gives NULL.
CREATE OR REPLACE MACRO pivot_key(dimension, fact) AS
CASE dimension
    WHEN 'cluster' THEN fact.lead_cluster
    WHEN 'region' THEN fact.org_region
    WHEN 'host_region' THEN fact.host_region
    WHEN 'theme' THEN fact.theme
    WHEN 'technology' THEN fact.technology_code
    WHEN 'activity_type' THEN fact.activity_type
    WHEN 'org_type' THEN fact.org_type
    WHEN 'sme' THEN CASE WHEN fact.is_sme THEN 'yes' WHEN NOT fact.is_sme THEN 'no' END
    WHEN 'country' THEN fact.org_country
    WHEN 'status' THEN fact.status
    WHEN 'year' THEN strftime(fact.start_date, '%Y')
    WHEN 'quarter' THEN strftime(fact.start_date, '%Y') || '-Q' || quarter(fact.start_date)
    WHEN 'month' THEN strftime(fact.start_date, '%Y-%m')
END
