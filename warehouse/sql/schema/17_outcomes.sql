-- The yearly impact survey of participating organisations.
CREATE TABLE outcomes (
    org_id            VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    new_knowledge     BOOLEAN NOT NULL,
    new_product       BOOLEAN NOT NULL,
    new_collaboration BOOLEAN NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL,
    PRIMARY KEY (org_id, year)
);
