package dev.fixline.remediation;

/**
 * A request the case cannot take now (closed, awaiting verification, a decision already waiting, nobody
 * to decide it): refused before anything was written, so the caller's transaction goes on unharmed.
 */
public class ExceptionRequestRefusedException extends IllegalStateException {

    ExceptionRequestRefusedException(String message) {
        super(message);
    }
}
