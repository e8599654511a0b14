-- An administrator may withdraw a wrongly applied sweep: it stays in the history, marked, but no longer
-- counts as the newest sweep of its registries (so it cannot block the exports that follow it).
ALTER TABLE sweep ADD COLUMN withdrawn_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE sweep ADD COLUMN withdrawn_by VARCHAR(256);
ALTER TABLE sweep ADD COLUMN withdrawal_reason VARCHAR(1000);
