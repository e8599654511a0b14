-- When a finding reported without a fix first showed one: the SLA clock may start there
-- (fixline.sla.no-fix.mode: clock-from-fix).
ALTER TABLE finding ADD COLUMN fix_available_at TIMESTAMP WITH TIME ZONE;
