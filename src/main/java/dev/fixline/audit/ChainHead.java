package dev.fixline.audit;

import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** The chain's end as its head row ({@code audit_chain_head}) records it: the last place and its hash. */
record ChainHead(long seq, String hash) {

    static ChainHead read(JdbcTemplate jdbc) {
        return of(jdbc.queryForMap("SELECT seq, hash FROM audit_chain_head WHERE id = 1"));
    }

    /** Read under the row's lock, held until the transaction ends: the next places are the caller's to give. */
    static ChainHead lock(JdbcTemplate jdbc) {
        return of(jdbc.queryForMap("SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE"));
    }

    void moveTo(JdbcTemplate jdbc, long newSeq, String newHash) {
        jdbc.update("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1", newSeq, newHash);
    }

    private static ChainHead of(Map<String, Object> row) {
        return new ChainHead(((Number) row.get("seq")).longValue(), (String) row.get("hash"));
    }
}
