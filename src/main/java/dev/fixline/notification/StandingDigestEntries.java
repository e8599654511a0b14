package dev.fixline.notification;

import java.util.List;

/** What the weekly digests list while it lasts, from the capability that knows it (pending decisions, say). */
public interface StandingDigestEntries {

    /** Every entry now standing, for all readers. */
    List<DigestEntry> weekly();
}
