-- Reference codes of the dimension 'priority_market' with Danish and English labels (reference.toml).
CREATE TABLE dim_priority_market (
    code       VARCHAR PRIMARY KEY,
    label_da   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);
