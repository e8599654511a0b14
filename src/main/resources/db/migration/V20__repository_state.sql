-- What the finding store last concluded about each repository, so that a sweep showing a repository exactly as
-- the last complete one did writes nothing for it (issue 16, ADR 0017).
--   fingerprint      SHA-256 of the repository's rows in the last full diff, in row order, without scan times;
--                    NULL when that diff left something that time alone can change (an absence being counted,
--                    a newer clean image within the scan grace period) or was partial: the next sweep diffs it.
--   diffed_sweep_id  the sweep whose full diff wrote the findings; findings and digests it saw carry its id
--   seen_sweep_id    the newest sweep that saw the repository (the same rows), and as of when: the last sighting
--   seen_at          of every finding and digest whose last_sweep_id is diffed_sweep_id
CREATE TABLE repository_state (
    registry_host    VARCHAR(256) NOT NULL,
    repository       VARCHAR(512) NOT NULL,
    fingerprint      VARCHAR(64),
    diffed_sweep_id  VARCHAR(36)  NOT NULL,
    seen_sweep_id    VARCHAR(36)  NOT NULL,
    seen_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (registry_host, repository)
);
