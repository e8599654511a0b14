-- A finding an approver judged a false positive is SUPPRESSED: it opens no case until the scanner's data for it
-- changes (a new fixed version, severity or image digest). Who suppressed it, when and why stay on the row, also
-- after such a change lifts the suppression.
ALTER TABLE finding ADD COLUMN suppressed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE finding ADD COLUMN suppressed_by VARCHAR(256);
ALTER TABLE finding ADD COLUMN suppression_reason VARCHAR(2000);
