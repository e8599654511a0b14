package dev.fixline.finding;

/** A sweep that was never applied, or was withdrawn already, cannot be withdrawn (again). */
public class SweepNotWithdrawableException extends RuntimeException {

    public SweepNotWithdrawableException(String message) {
        super(message);
    }
}
