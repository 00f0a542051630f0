-- Danish organisations have a region and foreign ones none; SMEs are companies under 250.
WITH inconsistent_organisations AS (
    SELECT org_id FROM organisations
    WHERE (country = 'DK' AND region IS NULL)
       OR (country <> 'DK' AND region IS NOT NULL)
       OR (is_sme AND (org_type <> 'company' OR employees IS NULL OR employees >= 250))
)
SELECT * FROM inconsistent_organisations
