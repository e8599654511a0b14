package dev.fixline.remediation;

/** Someone who may not decide this request: not one of its approvers, or the person who asked. */
public class NotAnApproverException extends RuntimeException {

    NotAnApproverException(String message) {
        super(message);
    }
}
