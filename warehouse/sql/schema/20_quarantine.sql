-- Rows that broke a rule, kept aside with where they came from and why (docs/loading.md).
-- row_number is the row as a spreadsheet shows it: the header is row 1, the first data row 2.
CREATE TABLE quarantine (
    load_id        INTEGER NOT NULL,
    source_file    VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    row_number     INTEGER NOT NULL,
    column_name    VARCHAR,
    rule           VARCHAR NOT NULL,
    original_value VARCHAR,
    message        VARCHAR NOT NULL
);
