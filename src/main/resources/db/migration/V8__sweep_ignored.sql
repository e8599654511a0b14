-- Rows a sweep skipped because they are of another kind than container-image findings (SQL, server,
-- running-container sub-assessments in an unfiltered export), counted by kind for the sweep report.
CREATE TABLE sweep_ignored (
    sweep_id    VARCHAR(36)  NOT NULL REFERENCES sweep (id),
    kind        VARCHAR(256) NOT NULL,
    row_count   INTEGER      NOT NULL,
    PRIMARY KEY (sweep_id, kind)
);
