-- The registries an applied sweep had rows of, each as of its own newest scan (on a GCP host, which
-- serves every project, one row per project). A sweep must be newer than the last one of each, so that
-- an old file imported beside a newer one of another registry is still refused. Sweeps applied before
-- this were as of their newest scan over all their rows.
CREATE TABLE sweep_registry (
    sweep_id       VARCHAR(36)  NOT NULL REFERENCES sweep (id),
    registry_host  VARCHAR(256) NOT NULL,
    project        VARCHAR(128),
    as_of          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sweep_registry_host_idx ON sweep_registry (registry_host, as_of);
INSERT INTO sweep_registry (sweep_id, registry_host, project, as_of)
SELECT DISTINCT o.sweep_id, o.registry_host, CASE WHEN o.cloud = 'gcp' THEN o.account END, s.as_of
FROM observation o JOIN sweep s ON s.id = o.sweep_id
WHERE s.as_of IS NOT NULL AND s.state IN ('COMPLETE', 'PARTIAL');
