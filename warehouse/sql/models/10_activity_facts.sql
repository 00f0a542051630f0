-- Every activity (any status, any date) with the values the rules and the pivot read: the lead
-- cluster's home region, the technology as a code (no_technology() for none), the year, and
-- `counted`, THE counted-activity rule (docs/kpis.md, top: "Counting rules"): only a completed
-- activity counts. Every query, report and KPI set reads the rule from here. `international`,
-- THE international-activity rule (G4.international_activities): held outside Denmark, or a
-- deep dive (a trip abroad by its nature), read by the KPI sets from here.
CREATE OR REPLACE VIEW activity_facts AS
WITH activities_with_cluster AS (
    SELECT a.*, c.home_region
    FROM activities AS a
    INNER JOIN dim_cluster AS c ON c.code = a.lead_cluster
),

final AS (
    SELECT
        activity_key,
        activity_id,
        title,
        activity_type,
        status,
        lead_cluster,
        home_region,
        theme,
        technology,
        coalesce(technology, no_technology()) AS technology_code,
        start_date,
        end_date,
        year(start_date) AS year,
        region AS host_region,
        country AS activity_country,
        users_involved,
        source_file,
        source_row,
        status = 'completed' AS counted,
        country <> 'DK' OR activity_type = 'deep_dive' AS international
    FROM activities_with_cluster
)

SELECT * FROM final
