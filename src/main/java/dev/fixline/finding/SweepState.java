package dev.fixline.finding;

/** Only a COMPLETE sweep may close findings; PARTIAL and FAILED ones open and update only. */
public enum SweepState {
    RUNNING, COMPLETE, PARTIAL, FAILED
}
