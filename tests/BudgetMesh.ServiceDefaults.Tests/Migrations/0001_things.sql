CREATE TABLE things (
    name   text    PRIMARY KEY,
    value  integer NOT NULL
);
