-- GET /api/findings lists the newest first (first_detected_at DESC, id): with this index a page is read in order
-- instead of sorting every finding (issue 16).
CREATE INDEX finding_detected_idx ON finding (first_detected_at DESC, id);
