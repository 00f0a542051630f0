-- KPI targets: scope ALL (national) or a cluster code.
SELECT kpi_id, year, scope, target FROM targets
