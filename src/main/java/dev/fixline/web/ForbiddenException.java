package dev.fixline.web;

/** Signed in, but not one who may do this to this case; answered with 403. */
class ForbiddenException extends RuntimeException {

    ForbiddenException(String message) {
        super(message);
    }
}
