package dev.fixline.finding;

import dev.fixline.limits.AsciiCase;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The cloud a scanned registry lives in. Defender reaches AWS and GCP registries through connectors. */
public enum Cloud {
    AZURE,
    AWS,
    GCP;

    /** The name stored and shown: {@code azure}, {@code aws} or {@code gcp}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Cloud> parse(String text) {
        return text == null ? Optional.empty() : Arrays.stream(values())
                .filter(c -> AsciiCase.equalsIgnoreCase(c.name(), text.trim())).findFirst();
    }

    /** The names, for error messages: {@code azure, aws, gcp}. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Cloud::id).toList());
    }
}
