-- Activities end on or after their start, and no partner cluster is the lead cluster.
WITH inconsistent_activities AS (
    SELECT activity_id, 'end_before_start' AS problem FROM activities
    WHERE end_date < start_date
    UNION ALL
    SELECT ap.activity_id, 'partner_is_lead' FROM activity_partners AS ap
    JOIN activities AS a ON a.activity_id = ap.activity_id AND a.lead_cluster = ap.cluster
    UNION ALL
    SELECT ap.activity_id, 'partner_without_activity' FROM activity_partners AS ap
    LEFT JOIN activities AS a ON a.activity_id = ap.activity_id
    WHERE a.activity_id IS NULL
)
SELECT * FROM inconsistent_activities
