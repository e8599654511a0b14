package dev.fixline.finding;

import java.util.List;
import java.util.function.Function;

/** One page of a list, newest first. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static final int MAX_SIZE = 1000;

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }

    public long offset() {
        return (long) page * size;
    }
}
