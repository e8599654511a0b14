-- Every closure of a finding, kept: a case refers to the closure that closed it (finding id and the
-- closure's time) instead of carrying a copy of its evidence, whatever later happens to the finding.
CREATE TABLE finding_closure (
    finding_id VARCHAR(36)              NOT NULL REFERENCES finding (id),
    closed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    evidence   VARCHAR(4000)            NOT NULL,
    CONSTRAINT finding_closure_pk PRIMARY KEY (finding_id, closed_at)
);

-- The closures of the findings closed now.
INSERT INTO finding_closure (finding_id, closed_at, evidence)
SELECT id, closed_at, closure_evidence FROM finding WHERE closed_at IS NOT NULL AND closure_evidence IS NOT NULL;

-- Closed cases keep their evidence as a closure of their finding, at the case's closing time.
INSERT INTO finding_closure (finding_id, closed_at, evidence)
SELECT cf.finding_id, c.closed_at, c.closure_evidence
FROM remediation_case c JOIN case_finding cf ON cf.case_id = c.id
WHERE c.closure_evidence IS NOT NULL AND c.closed_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM finding_closure fc WHERE fc.finding_id = cf.finding_id AND fc.closed_at = c.closed_at);

ALTER TABLE remediation_case ADD COLUMN closure_finding_id VARCHAR(36);
ALTER TABLE remediation_case ADD COLUMN closure_closed_at TIMESTAMP WITH TIME ZONE;
UPDATE remediation_case SET closure_closed_at = closed_at,
    closure_finding_id = (SELECT MIN(cf.finding_id) FROM case_finding cf WHERE cf.case_id = remediation_case.id)
WHERE closure_evidence IS NOT NULL AND closed_at IS NOT NULL;
ALTER TABLE remediation_case DROP COLUMN closure_evidence;
