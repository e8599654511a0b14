package dev.fixline.web;

/** A request that is valid but cannot be carried out in the present state; answered with 409. */
class ConflictException extends RuntimeException {

    ConflictException(String message) {
        super(message);
    }
}
