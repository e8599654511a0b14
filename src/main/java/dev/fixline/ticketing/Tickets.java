package dev.fixline.ticketing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One ticket per case, whichever tracker keeps it, and nothing sent twice.
 *
 * <p>Opening is claimed in the ticket-link table before anything is sent. A create that got no answer
 * is "unknown": Fixline looks for the ticket by its fingerprint label after {@code unknown-recheck-delay},
 * twice, before it sends another create. Comments are keyed per case and event; one whose answer was
 * lost is looked for by its marker before it is posted again. Failures are thrown to the caller (an
 * engine job) to be retried and, in the end, become an incident.
 *
 * <p>Longer than most classes here: it is the ticketing module's one face, and each of its operations
 * (open, comment, move, reopen, set the priority or the due date) carries the same sent-once bookkeeping
 * in {@link TicketLinks}; the Jira protocol lives in {@code ticketing.jira}.
 */
@Service
public class Tickets {

    private static final Logger log = LoggerFactory.getLogger(Tickets.class);
    /** Empty searches, each {@code unknown-recheck-delay} apart, after which an unanswered create is sent again. */
    static final int EMPTY_SEARCHES_BEFORE_RESEND = 2;
    static final int MAX_SUMMARY = 255;

    private final WatchedTracker tracker;
    private final boolean builtIn;
    private final TicketLinks links;
    private final TicketingProperties properties;
    private final Clock clock;

    /**
     * @param tracker where tickets go: the configured tracker (its bean is {@code @Primary}, see
     *                {@code JiraConfiguration}), else the built-in log, which is always there
     */
    Tickets(TicketTracker tracker, BuiltInTicketLog builtInLog, TicketLinks links, TicketingProperties properties,
            Clock clock) {
        this.clock = clock;
        this.tracker = new WatchedTracker(tracker, this.clock);
        this.builtIn = tracker == builtInLog;
        this.links = links;
        this.properties = properties;
        log.info("Tickets go to {}", tracker.name());
    }

    /** {@code jira-cloud}, {@code jira-data-center} or {@code built-in}. */
    public String trackerName() {
        return tracker.name();
    }

    TicketTracker tracker() {
        return tracker;
    }

    public boolean builtIn() {
        return builtIn;
    }

    /** Whether the tracker answered this node's last call, and since when it has not. */
    public TrackerStatus status() {
        return tracker.status();
    }

    /**
     * Asks the tracker whether it answers again (Jira: {@code GET /myself}).
     *
     * @return true when it answered
     */
    public boolean probe() {
        try {
            tracker.probe();
            return true;
        } catch (TrackerUnavailableException e) {
            return false;
        } catch (TrackerRejectedException e) {
            return true; // it answered, if only to refuse: the outage is over, the refusal shows on the steps
        }
    }

    /** Creates sent whose outcome is not known yet (Fixline is looking for them by label). */
    public int uncertainCreates() {
        return links.uncertainCount();
    }

    public Optional<TicketLink> linkOf(String caseId) {
        return links.find(caseId);
    }

    /** The tickets of a page of cases, by case id, in one query; a case without a ticket is not in the map. */
    public Map<String, TicketLink> linksOf(Collection<String> caseIds) {
        return links.findAll(caseIds);
    }

    /** The label that finds a case's ticket: stable, lowercase, no spaces. */
    public static String fingerprintOf(String caseId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("case|" + caseId).getBytes(StandardCharsets.UTF_8));
            return "fixline-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens the case's ticket, or finds the one already opened. A regression reopens its predecessor's
     * ticket. Safe to call again after any failure, on any node.
     */
    public TicketLink open(String caseId, TicketRequest request) {
        String project = request.project() == null || request.project().isBlank() ? properties.defaultProject()
                : request.project();
        String fingerprint = fingerprintOf(caseId);
        links.insertPending(caseId, fingerprint, tracker.name(), project, now());
        // Nothing sent yet: a corrected project (or a newly configured tracker) applies to the next attempt.
        links.retarget(caseId, tracker.name(), project, now());
        for (int round = 0; round < 5; round++) {
            TicketLink link = links.find(caseId).orElseThrow();
            switch (link.state()) {
                case "LINKED", "ABANDONED" -> {
                    return link;
                }
                case "CREATING", "UNKNOWN" -> resolveUncertain(link, request);
                default -> createOrReuse(link, request);
            }
        }
        throw new TrackerUnavailableException("The ticket of case " + caseId + " is being opened elsewhere", null, null);
    }

    private void createOrReuse(TicketLink link, TicketRequest request) {
        Optional<TicketLink> previous = Optional.ofNullable(request.previousCaseId()).flatMap(links::find)
                .filter(TicketLink::linked);
        if (previous.isPresent() && previous.get().tracker().equals(tracker.name())) {
            try {
                reopenForRegression(link, previous.get(), request);
                return;
            } catch (TrackerRejectedException e) {
                if (e.status() != 404) {
                    throw e;
                }
                log.warn("Ticket {} of case {} is gone from {}; the regression case {} gets a new ticket",
                        previous.get().key(), previous.get().caseId(), tracker.name(), link.caseId());
            }
        }
        // A create never sent (no attempt recorded; the claim commits before sending) cannot have made a ticket:
        // only after an earlier attempt is the fingerprint worth a search, which halves the calls per ticket.
        if (link.attemptStartedAt() != null) {
            List<RemoteTicket> existing = tracker.findByLabel(link.project(), link.fingerprint());
            if (!existing.isEmpty()) {
                adopt(link, existing, request);
                return;
            }
        }
        Optional<String> assignee = request.ownerEmail() == null ? Optional.empty()
                : tracker.findUser(request.ownerEmail());
        Instant claimedAt = now();
        if (!links.claimCreate(link.caseId(), claimedAt)) {
            return; // another worker claimed it; look again
        }
        String priority = properties.priorityOf(request.severity());
        List<String> labels = List.of(properties.label(), link.fingerprint());
        TicketDraft draft = new TicketDraft(link.project(), summary(request.summary()), request.description(), labels,
                priority, request.dueDate(), assignee.orElse(null));
        RemoteTicket created;
        try {
            created = tracker.create(draft);
        } catch (TicketOutcomeUnknownException e) {
            links.markUnknown(link.caseId(), e.getMessage(), now());
            log.warn("Creating the ticket of case {} got no answer ({}); looking for it by {} after {}", link.caseId(),
                    e.getMessage(), link.fingerprint(), properties.unknownRecheckDelay());
            throw e;
        } catch (TrackerUnavailableException | TrackerRejectedException e) {
            // The tracker answered, or nothing was sent: no ticket exists.
            links.backToPending(link.caseId(), "CREATING", claimedAt, e.getMessage(), now());
            throw e;
        } catch (RuntimeException e) {
            // Sent, then something unexpected (an unreadable answer, say): the ticket may exist.
            links.markUnknown(link.caseId(), e.toString(), now());
            throw e;
        }
        if (created.id() == null || created.key() == null) {
            // A 2xx without the issue (a proxy's empty answer, say): the ticket may exist; look for it by label.
            links.markUnknown(link.caseId(), "the create was answered without an issue id and key", now());
            throw new TicketOutcomeUnknownException("Creating the ticket of case " + link.caseId()
                    + " was answered without an issue id and key", null);
        }
        links.linked(link.caseId(), created, priority, request.dueDate(), now());
        log.info("Opened ticket {} for case {} in {}", created.key(), link.caseId(), tracker.name());
    }

    /** A create got no answer (or the worker sending it died): find the ticket, or send again after two empty looks. */
    private void resolveUncertain(TicketLink link, TicketRequest request) {
        // A create still being sent belongs to a live worker until it has had time to time out.
        Duration wait = "CREATING".equals(link.state()) && properties.createTimeout()
                .compareTo(properties.unknownRecheckDelay()) > 0 ? properties.createTimeout()
                : properties.unknownRecheckDelay();
        Instant checkAt = link.attemptStartedAt().plus(wait);
        Instant now = now();
        if (now.isBefore(checkAt)) {
            if ("CREATING".equals(link.state())) {
                throw new TicketCheckScheduledException("The ticket of case " + link.caseId() + " is being created by "
                        + "another worker since " + link.attemptStartedAt(), Duration.between(now, checkAt));
            }
            throw new TicketCheckScheduledException("The create of the ticket of case " + link.caseId() + " sent at "
                    + link.attemptStartedAt() + " got no answer yet; Fixline looks for it by label "
                    + link.fingerprint() + " from " + checkAt + " on", Duration.between(now, checkAt));
        }
        List<RemoteTicket> found = tracker.findByLabel(link.project(), link.fingerprint());
        if (!found.isEmpty()) {
            adopt(link, found, request);
            return;
        }
        if (link.unknownChecks() + 1 < EMPTY_SEARCHES_BEFORE_RESEND) {
            links.uncertainAgain(link.caseId(), link.attemptStartedAt(), now);
            throw new TicketCheckScheduledException("No ticket labelled " + link.fingerprint() + " found yet for case "
                    + link.caseId() + "; looking once more before creating it again", properties.unknownRecheckDelay());
        }
        log.warn("No ticket labelled {} appeared for case {} after {} searches; creating it again", link.fingerprint(),
                link.caseId(), EMPTY_SEARCHES_BEFORE_RESEND);
        links.backToPending(link.caseId(), link.state(), link.attemptStartedAt(), link.lastError(), now);
    }

    /** Tickets with the fingerprint exist: the lowest id is the case's; any others are pointed at it. */
    private void adopt(TicketLink link, List<RemoteTicket> found, TicketRequest request) {
        RemoteTicket first = found.get(0);
        links.linked(link.caseId(), first, properties.priorityOf(request.severity()), request.dueDate(), now());
        log.info("Case {} adopted ticket {} found by label {}", link.caseId(), first.key(), link.fingerprint());
        for (RemoteTicket duplicate : found.subList(1, found.size())) {
            commentOnce(link.caseId(), duplicate.key(), "duplicate:" + duplicate.key(),
                    TicketText.of("Duplicate of " + first.key() + ", which Fixline keeps for case " + link.caseId()
                            + ". Please close this one."));
        }
    }

    /** Jira refuses a summary over 255 characters; a long repository name must not become an incident. */
    static String summary(String summary) {
        return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY - 1) + "…";
    }

    private void reopenForRegression(TicketLink link, TicketLink previous, TicketRequest request) {
        tracker.addLabel(previous.key(), link.fingerprint());
        RemoteTicket ticket = tracker.get(previous.key());
        links.linked(link.caseId(), ticket, properties.priorityOf(request.severity()), request.dueDate(), now());
        log.info("Case {} (a regression of case {}) takes over ticket {}", link.caseId(), previous.caseId(),
                previous.key());
    }

    /**
     * Posts a comment once per case and event key; asked again (a retried step), it posts nothing more.
     *
     * @return true: the comment is on the ticket
     */
    public boolean comment(String caseId, String eventKey, TicketText text) {
        TicketLink link = linked(caseId);
        return commentOnce(caseId, link.key(), eventKey, text);
    }

    private boolean commentOnce(String caseId, String key, String eventKey, TicketText text) {
        String state = links.commentState(caseId, eventKey);
        if ("POSTED".equals(state)) {
            // Only a retried step asks again, and the job that posted it rolled back what it recorded.
            return true;
        }
        String marker = marker(eventKey);
        if ("SENDING".equals(state) && tracker.recentComments(key).stream().anyMatch(c -> c.contains(marker))) {
            // The earlier post arrived; its answer did not, and the job that sent it rolled back.
            links.commentPosted(caseId, eventKey, now());
            return true;
        }
        links.commentSending(caseId, eventKey, now());
        tracker.comment(key, marked(text, marker));
        links.commentPosted(caseId, eventKey, now());
        return true;
    }

    private static TicketText marked(TicketText text, String marker) {
        List<TicketText.Block> blocks = new ArrayList<>(text.blocks());
        blocks.add(new TicketText.Paragraph(marker));
        return new TicketText(blocks);
    }

    private static String marker(String eventKey) {
        return "fixline-event:" + eventKey; // no wiki or ADF markup, so it reads back as written
    }

    /** The breach: one step up the priority ladder from the severity's priority (the same step on a retry). */
    public String raisePriority(String caseId, dev.fixline.finding.Severity severity) {
        TicketLink link = linked(caseId);
        String raised = properties.raisedPriorityOf(severity);
        if (!raised.equals(link.priority())) {
            tracker.setPriority(link.key(), raised);
            links.priority(caseId, raised, now());
        }
        return raised;
    }

    /** Moves the ticket's due date with the SLA; false when it already had that date. */
    public boolean setDueDate(String caseId, LocalDate dueDate) {
        TicketLink link = linked(caseId);
        if (dueDate.equals(link.dueDate())) {
            return false;
        }
        tracker.setDueDate(link.key(), dueDate);
        links.dueDate(caseId, dueDate, now());
        return true;
    }

    /**
     * The ticket follows a reassigned case: assigned to the new owner when the tracker knows their mail
     * address (else unassigned, so that it does not stay with the person who handed it over), and the
     * text as a comment, once per event key.
     */
    public void reassign(String caseId, String ownerEmail, String eventKey, TicketText text) {
        TicketLink link = linked(caseId);
        String ref = ownerEmail == null ? null : tracker.findUser(ownerEmail).orElse(null);
        if (!java.util.Objects.equals(ref, link.assignee())) {
            tracker.assign(link.key(), ref);
            links.assignee(caseId, ref, now());
        }
        comment(caseId, eventKey, text);
    }

    /**
     * Moves the ticket to done with the text as its comment, once per event key.
     *
     * @return false when it already was done (the text was not posted)
     */
    public boolean close(String caseId, String eventKey, TicketText comment) {
        return move(caseId, eventKey, TicketTarget.DONE, comment);
    }

    /**
     * Moves the ticket back to a new status with the text as its comment, once per event key.
     *
     * @return false when it already was open (the text was not posted)
     */
    public boolean reopen(String caseId, String eventKey, TicketText comment) {
        return move(caseId, eventKey, TicketTarget.REOPENED, comment);
    }

    /** Like a comment: keyed, and a move whose answer was lost is recognised by the marker of its comment. */
    private boolean move(String caseId, String eventKey, TicketTarget target, TicketText comment) {
        TicketLink link = linked(caseId);
        String state = links.commentState(caseId, eventKey);
        if ("POSTED".equals(state) || "NOT_NEEDED".equals(state)) {
            return "POSTED".equals(state); // a retried step gets the answer of its first run
        }
        String marker = marker(eventKey);
        boolean moved;
        if ("SENDING".equals(state) && tracker.recentComments(link.key()).stream().anyMatch(c -> c.contains(marker))) {
            moved = true;
        } else {
            links.commentSending(caseId, eventKey, now());
            moved = tracker.transition(link.key(), target, marked(comment, marker));
        }
        if (moved) {
            links.commentPosted(caseId, eventKey, now());
        } else {
            links.commentNotNeeded(caseId, eventKey, now());
        }
        // Remembered at once, so that reconciliation never takes Fixline's own move for a person's.
        links.status(caseId, link.statusName(), target == TicketTarget.DONE ? "done" : "new",
                target == TicketTarget.DONE ? link.resolution() : null, now());
        try {
            RemoteTicket now = tracker.get(link.key());
            links.status(caseId, now.statusName(), now.statusCategory(), now.resolution(), now());
        } catch (TrackerUnavailableException e) {
            log.debug("Could not read ticket {} back after moving it: {}", link.key(), e.getMessage());
        }
        return moved;
    }

    /**
     * For a case that closes before its ticket opened: no ticket will be opened for it any more, unless
     * a create was already sent (then the caller finds or opens that ticket to close it).
     *
     * @return true when no ticket exists or ever will
     */
    public boolean abandonIfNotSent(String caseId) {
        links.insertPending(caseId, fingerprintOf(caseId), tracker.name(), properties.defaultProject(), now());
        return links.abandon(caseId, now());
    }

    /** The ticket of a case that must have one by now; until it is open, callers are told to retry. */
    private TicketLink linked(String caseId) {
        TicketLink link = links.find(caseId).orElseThrow(() -> new TicketNotOpenException(caseId,
                "it has not been opened yet"));
        if (!link.linked()) {
            throw new TicketNotOpenException(caseId, "it is not open yet (" + link.state()
                    + (link.lastError() == null ? "" : ": " + link.lastError()) + ")");
        }
        if (!link.tracker().equals(tracker.name())) {
            throw new TrackerRejectedException("Updating ticket " + link.key() + " of case " + caseId, 409,
                    List.of("The ticket is kept in " + link.tracker() + ", but tickets now go to " + tracker.name()
                            + "; Fixline does not move tickets between trackers. Resolve this incident by "
                            + "cancelling it, or by opening the ticket by hand."), java.util.Map.of());
        }
        return link;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
