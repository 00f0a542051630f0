-- Reference codes of the dimension 'org_type' with Danish and English labels (reference.toml).
CREATE TABLE dim_org_type (
    code       VARCHAR PRIMARY KEY,
    label_da   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);
