-- Reference codes of the dimension 'technology' with Danish and English labels (reference.toml).
CREATE TABLE dim_technology (
    code       VARCHAR PRIMARY KEY,
    label_da   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);
