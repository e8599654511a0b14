-- The governance log becomes a hash chain: each event, once its transaction commits, holds its place in the
-- chain (seq), the hash of the event before it and its own hash = SHA-256(previous hash, canonical event).
-- The head row is the chain's end; appending takes its lock at commit, so that several nodes keep one chain.
ALTER TABLE audit_event ADD COLUMN seq BIGINT;
ALTER TABLE audit_event ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE audit_event ADD COLUMN hash VARCHAR(64);
CREATE UNIQUE INDEX audit_event_seq_idx ON audit_event (seq);

CREATE TABLE audit_chain_head (
    id    INT         PRIMARY KEY,
    seq   BIGINT      NOT NULL,
    hash  VARCHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
