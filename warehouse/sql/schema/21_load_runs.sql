-- One row per load (carried over from the previous warehouse at every load).
-- entries_skipped: entries of the input folder not read (load_skipped has one row for each);
-- NULL in rows carried over from warehouses built before it was recorded.
CREATE TABLE load_runs (
    load_id     INTEGER PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    input_dir   VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    strict      BOOLEAN NOT NULL,
    rate_cap_dkk DOUBLE NOT NULL,
    files       INTEGER NOT NULL,
    rows_read   BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    message     VARCHAR,
    entries_skipped INTEGER
);
