package dev.fixline.sla;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Reads the bytes of the KEV catalog from a file or an http(s) URL. */
abstract sealed class KevSource {

    /** The real catalog is about 1.5 MB; anything this large is not it, and is not read into memory. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    abstract byte[] read() throws IOException, InterruptedException;

    /** What to name in log lines: never a URL's query, which may carry a token. */
    abstract String describe();

    static KevSource of(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(source);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fixline.sla.kev.source is not a valid URL: " + e.getMessage());
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("fixline.sla.kev.source has no host: " + describe(uri));
            }
            return new Http(uri);
        }
        if (lower.startsWith("file:")) {
            return new File(Path.of(URI.create(source)));
        }
        if (lower.matches("^[a-z][a-z0-9+.-]+://.*")) {
            throw new IllegalArgumentException("fixline.sla.kev.source must be a file path or an http(s) URL, not "
                    + source.substring(0, lower.indexOf("://") + 3) + "…");
        }
        try {
            return new File(Path.of(source));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("fixline.sla.kev.source is not a valid path: " + e.getMessage());
        }
    }

    private static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** The server answered, but not with the catalog; it may have said when to ask again. */
    static final class Unavailable extends IOException {
        private final transient Duration retryAfter;

        Unavailable(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        /** The server's {@code Retry-After}; null when it gave none. */
        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(java.time.Instant.now(), java.time.ZonedDateTime.parse(value.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    static final class File extends KevSource {
        private final Path path;

        File(Path path) {
            this.path = path;
        }

        @Override
        byte[] read() throws IOException {
            if (Files.size(path) > MAX_BYTES) {
                throw new IOException(path + " is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(path);
        }

        @Override
        String describe() {
            return path.toString();
        }
    }

    static final class Http extends KevSource {
        private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
        private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

        private final URI uri;
        private HttpClient client;

        Http(URI uri) {
            this.uri = uri;
        }

        @Override
        byte[] read() throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json").header("User-Agent", "Fixline").GET().build();
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                    throw new Unavailable("HTTP " + response.statusCode() + " from " + describe()
                            + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)"), retryAfter);
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException(describe() + " sent more than " + MAX_BYTES + " bytes");
                }
                return bytes;
            }
        }

        // Built on first use, so a configuration without a URL never creates a client (or its threads).
        private synchronized HttpClient client() {
            if (client == null) {
                client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
            }
            return client;
        }

        @Override
        String describe() {
            return KevSource.describe(uri);
        }
    }
}
