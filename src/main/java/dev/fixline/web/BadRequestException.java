package dev.fixline.web;

/** A request parameter that cannot be used; answered with 400 problem+json naming the parameter. */
class BadRequestException extends RuntimeException {

    private final String parameter;

    BadRequestException(String parameter, String detail) {
        super(parameter + ": " + detail);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
