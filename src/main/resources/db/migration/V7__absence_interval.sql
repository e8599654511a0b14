-- Rule 3 counts an absence only when it is at least fixline.closure.absent-sweep-interval after the
-- previous counted one: the as-of time of that one. A finding already absent once was last written by
-- the sweep that counted it, so its updated_at is that sweep's as-of.
ALTER TABLE finding ADD COLUMN last_absent_at TIMESTAMP WITH TIME ZONE;
UPDATE finding SET last_absent_at = updated_at WHERE absent_sweeps > 0;
