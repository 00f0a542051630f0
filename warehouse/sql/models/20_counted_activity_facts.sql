-- The counted activities (activity_facts where `counted`), any date: the dashboard's queries and
-- the report narrow them to their window and filters.
CREATE OR REPLACE VIEW counted_activity_facts AS
WITH counted AS (
    SELECT * FROM activity_facts WHERE counted
)

SELECT * FROM counted
