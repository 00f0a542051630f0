-- The five Danish regions; `partner` is false for Sjælland, which is not a partner region.
CREATE TABLE dim_region (
    code       VARCHAR PRIMARY KEY,
    label_da   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    partner    BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL
);
