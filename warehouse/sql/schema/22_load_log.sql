-- One row per input file per load: what was read, loaded and quarantined, and its archived copy.
-- rows_read = rows_loaded + rows_quarantined; rows_skipped: blank rows and rows above the header
-- (NULL in rows carried over from warehouses built before it was recorded). Entries of the folder
-- that were not read are in load_skipped.
CREATE TABLE load_log (
    load_id          INTEGER NOT NULL,
    file_name        VARCHAR NOT NULL,
    kind             VARCHAR,
    size_bytes       BIGINT NOT NULL,
    sha256           VARCHAR NOT NULL,
    encoding         VARCHAR,
    delimiter        VARCHAR,
    rows_read        BIGINT NOT NULL,
    rows_loaded      BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    status           VARCHAR NOT NULL,
    message          VARCHAR,
    loaded_at        TIMESTAMP NOT NULL,
    rows_skipped     BIGINT,
    PRIMARY KEY (load_id, file_name)
);
