-- PostgreSQL refuses to change or remove a sealed event of the governance log, whoever asks. The one update
-- allowed is the seal itself: seq, prev_hash and hash written once, on an event that had none.
CREATE FUNCTION audit_event_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_event is append-only: event % may not be deleted', OLD.id;
    END IF;
    IF OLD.hash IS NOT NULL
       OR NEW.id IS DISTINCT FROM OLD.id OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at
       OR NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.finding_id IS DISTINCT FROM OLD.finding_id
       OR NEW.event_type IS DISTINCT FROM OLD.event_type OR NEW.actor IS DISTINCT FROM OLD.actor
       OR NEW.summary IS DISTINCT FROM OLD.summary OR NEW.evidence IS DISTINCT FROM OLD.evidence THEN
        RAISE EXCEPTION 'audit_event is append-only: event % may not be changed', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
