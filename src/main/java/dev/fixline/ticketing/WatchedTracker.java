package dev.fixline.ticketing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tracker in use, remembering whether its calls are answered: an outage shows in the {@code ticketing}
 * health component from the first failed call, and ends with the first answer.
 */
final class WatchedTracker implements TicketTracker {

    private final TicketTracker tracker;
    private final Clock clock;
    private volatile TrackerStatus status;

    WatchedTracker(TicketTracker tracker, Clock clock) {
        this.tracker = tracker;
        this.clock = clock;
        this.status = new TrackerStatus(tracker.name(), null, null, null, 0);
    }

    TicketTracker unwrapped() {
        return tracker;
    }

    TrackerStatus status() {
        return status;
    }

    private <T> T watch(Supplier<T> call) {
        try {
            T result = call.get();
            answered();
            return result;
        } catch (TrackerUnavailableException e) {
            failed(e.getMessage());
            throw e;
        } catch (TrackerRejectedException e) {
            answered(); // it is there; it refused
            throw e;
        }
    }

    /** For calls the tracker may answer from a cache of its own: a hit says nothing about the server. */
    private <T> T watchFailures(Supplier<T> call) {
        try {
            return call.get();
        } catch (TrackerUnavailableException e) {
            failed(e.getMessage());
            throw e;
        }
    }

    private void watch(Runnable call) {
        watch(() -> {
            call.run();
            return null;
        });
    }

    private synchronized void answered() {
        TrackerStatus s = status;
        status = new TrackerStatus(s.tracker(), clock.instant(), null, null, 0);
    }

    private synchronized void failed(String reason) {
        TrackerStatus s = status;
        Instant now = clock.instant();
        status = new TrackerStatus(s.tracker(), s.lastAnswerAt(), s.failingSince() == null ? now : s.failingSince(),
                reason, s.failedCalls() + 1);
    }

    @Override
    public String name() {
        return tracker.name();
    }

    @Override
    public List<RemoteTicket> findByLabel(String project, String label) {
        return watch(() -> tracker.findByLabel(project, label));
    }

    @Override
    public RemoteTicket create(TicketDraft draft) {
        return watch(() -> tracker.create(draft));
    }

    @Override
    public RemoteTicket get(String keyOrId) {
        return watch(() -> tracker.get(keyOrId));
    }

    @Override
    public Optional<String> findUser(String email) {
        return watchFailures(() -> tracker.findUser(email));
    }

    @Override
    public Optional<String> emailOf(String userRef) {
        return watchFailures(() -> tracker.emailOf(userRef));
    }

    @Override
    public void comment(String key, TicketText text) {
        watch(() -> tracker.comment(key, text));
    }

    @Override
    public List<String> recentComments(String key) {
        return watch(() -> tracker.recentComments(key));
    }

    @Override
    public void setPriority(String key, String priority) {
        watch(() -> tracker.setPriority(key, priority));
    }

    @Override
    public void addLabel(String key, String label) {
        watch(() -> tracker.addLabel(key, label));
    }

    @Override
    public void setDueDate(String key, LocalDate dueDate) {
        watch(() -> tracker.setDueDate(key, dueDate));
    }

    @Override
    public void assign(String key, String userRef) {
        watch(() -> tracker.assign(key, userRef));
    }

    @Override
    public boolean transition(String key, TicketTarget target, TicketText comment) {
        return watch(() -> tracker.transition(key, target, comment));
    }

    @Override
    public List<RemoteTicket> updatedSince(String label, Instant since) {
        return watch(() -> tracker.updatedSince(label, since));
    }

    @Override
    public String self() {
        return watchFailures(tracker::self);
    }

    @Override
    public void probe() {
        watch(tracker::probe);
    }
}
