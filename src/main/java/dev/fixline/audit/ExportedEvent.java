package dev.fixline.audit;

import java.time.Instant;

/**
 * A sealed event as an export carries it: its fields for reading, and what the chain hashed
 * ({@code hash = SHA-256(prevHash + "\n" + canonical)}), so that a copy can be checked without Fixline.
 */
public record ExportedEvent(long seq, Instant occurredAt, String caseId, String findingId, String type, String actor,
                            String summary, String evidence, String prevHash, String hash, String canonical) {

    static ExportedEvent of(ChainedEvent e) {
        return new ExportedEvent(e.seq(), e.occurredAt(), e.caseId(), e.findingId(), e.type(), e.actor(), e.summary(),
                e.evidence(), e.prevHash(), e.hash(), e.canonical(e.seq()));
    }
}
