-- Which code built the warehouse: the fingerprint of the schema and the semantic models it was
-- built with (warehouse.db.build_fingerprint), one row, written by the load. The dashboard,
-- `healthtech kpis` and `healthtech report` compare it with their own and ask for a new load
-- when they differ, instead of failing on a view or column the warehouse does not have.
CREATE TABLE warehouse_build (
    fingerprint VARCHAR NOT NULL
);
