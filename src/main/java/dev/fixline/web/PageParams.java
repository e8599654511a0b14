package dev.fixline.web;

import dev.fixline.finding.Page;

/** Validates {@code page} and {@code size} of list endpoints. */
final class PageParams {

    static final int DEFAULT_SIZE = 50;

    private PageParams() {
    }

    static void check(int page, int size) {
        if (page < 0) {
            throw new BadRequestException("page", "must be 0 or more, was " + page);
        }
        if (size < 1 || size > Page.MAX_SIZE) {
            throw new BadRequestException("size", "must be between 1 and " + Page.MAX_SIZE + ", was " + size);
        }
    }
}
