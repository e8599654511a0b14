package dev.fixline.web;

class NotFoundException extends RuntimeException {

    NotFoundException(String what, String id) {
        super(what + " " + id + " does not exist");
    }
}
