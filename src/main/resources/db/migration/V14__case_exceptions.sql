-- Exceptions (risk acceptance) asked for on a case, and the approver's decision on each. A request while an
-- approved one runs asks to extend it; each row keeps its own decision.
CREATE TABLE case_exception (
    id                   VARCHAR(36)              PRIMARY KEY,
    case_id              VARCHAR(36)              NOT NULL REFERENCES remediation_case (id),
    requested_by         VARCHAR(256)             NOT NULL,
    requested_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    source               VARCHAR(16)              NOT NULL,
    reason               VARCHAR(2000)            NOT NULL,
    compensating_control VARCHAR(2000),
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    state                VARCHAR(16)              NOT NULL,
    approvers            VARCHAR(1000),
    decided_by           VARCHAR(256),
    decided_at           TIMESTAMP WITH TIME ZONE,
    decision_reason      VARCHAR(2000),
    ended_at             TIMESTAMP WITH TIME ZONE,
    end_reason           VARCHAR(2000)
);
CREATE INDEX case_exception_case_idx ON case_exception (case_id, requested_at);

-- While an approved exception runs the SLA clock is paused: since when, and the time paused before.
ALTER TABLE remediation_case ADD COLUMN paused_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE remediation_case ADD COLUMN paused_seconds BIGINT NOT NULL DEFAULT 0;

-- Since when the owner's claim of a fix waits for a rescan: only a sweep of data newer than the claim may
-- refute it.
ALTER TABLE remediation_case ADD COLUMN awaiting_since TIMESTAMP WITH TIME ZONE;
