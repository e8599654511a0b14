package dev.fixline.finding;

public enum FindingState {
    OPEN, FIXED, GONE, ACCEPTED, SUPPRESSED;

    public boolean isClosed() {
        return this == FIXED || this == GONE;
    }
}
