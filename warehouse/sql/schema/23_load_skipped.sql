-- One row per entry of the input folder that a load did not read, and why (carried over from the
-- previous warehouse at every load, like load_runs and load_log). reason is a code:
-- hidden, lock_file, folder, dangling_link, special_file, unknown_kind, not_data,
-- unsupported_format (docs/loading.md, "What is read"); message says what to do.
CREATE TABLE load_skipped (
    load_id    INTEGER NOT NULL,
    entry_name VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    message    VARCHAR NOT NULL,
    size_bytes BIGINT,
    PRIMARY KEY (load_id, entry_name)
);
