package dev.fixline.notification;

import java.util.Optional;

/**
 * Where a case's ticket opens, as it is now: a notice waiting for a digest may have been written before its
 * ticket was open, and the digest links the ticket all the same.
 */
public interface TicketUrls {

    Optional<String> of(String caseId);
}
