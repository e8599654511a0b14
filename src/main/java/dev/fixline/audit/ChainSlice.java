package dev.fixline.audit;

/**
 * An unbroken stretch of the chain, places {@code firstSeq} to {@code lastSeq}; empty when {@code lastSeq <
 * firstSeq}. {@code previousHash} is the hash before its first event (the genesis hash for the first), so that
 * the stretch can be checked on its own and joined to the one before it.
 */
public record ChainSlice(long firstSeq, long lastSeq, String previousHash) {

    public boolean isEmpty() {
        return lastSeq < firstSeq;
    }

    public long size() {
        return isEmpty() ? 0 : lastSeq - firstSeq + 1;
    }
}
