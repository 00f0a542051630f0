-- A granted application has an amount > 0; others have none or 0.
WITH wrong_amounts AS (
    SELECT application_id FROM applications
    WHERE (status = 'granted' AND COALESCE(amount_granted_dkk, 0) <= 0)
       OR (status <> 'granted' AND COALESCE(amount_granted_dkk, 0) <> 0)
)
SELECT * FROM wrong_amounts
