package dev.fixline.audit;

/**
 * What a check of the chain found.
 *
 * @param intact      every event checked is as it was sealed, in its place, none missing
 * @param checked     how many sealed events were read
 * @param brokenAt    the place (seq) of the first event that is not as it was sealed; null when intact, or when
 *                    the problem is an event outside the chain
 * @param eventId     the row of that event, when it still exists
 * @param problem     how it is broken, in words; null when intact
 * @param headSeq     the chain's end as its head row records it
 * @param headHash    the hash at the chain's end: an anchor to note down and compare with later
 * @param unsealed    events outside the chain: those written before it existed (migration V17), and any
 *                    inserted by hand since (which make the chain not intact)
 */
public record ChainReport(boolean intact, long checked, Long brokenAt, Long eventId, String problem, long headSeq,
                          String headHash, long unsealed) {
}
