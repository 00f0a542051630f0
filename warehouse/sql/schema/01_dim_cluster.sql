-- The four regional clusters of the network and each one's home region (reference.toml).
CREATE TABLE dim_cluster (
    code        VARCHAR PRIMARY KEY,
    label_da    VARCHAR NOT NULL,
    label_en    VARCHAR NOT NULL,
    home_region VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);
