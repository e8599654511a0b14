package dev.fixline.audit;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@code java -jar fixline.jar audit verify [--from X] [--to Y]}: the chain's check for auditors without the web
 * interface. {@code X} and {@code Y} are places in the chain (100) or UTC days (2026-06-30, included). Reads
 * the database Fixline is configured with (the usual {@code spring.datasource.*} settings, from
 * {@code application.yml}, the environment or {@code --spring.datasource.url=…}) and starts nothing else: no
 * engine, no job, no web server, no migration. {@code docs/audit.md} tells auditors how to use it.
 */
public final class AuditCommandLine {

    public static final int INTACT = 0;
    public static final int BROKEN = 1;
    public static final int FAILED = 2;

    private static final String USAGE = "usage: fixline audit verify [--from PLACE|DAY] [--to PLACE|DAY]"
            + " [--spring.datasource.url=…]";

    private AuditCommandLine() {
    }

    /** Whether the arguments ask for this command rather than for Fixline to start. */
    public static boolean isCalledFor(String[] args) {
        return args.length > 0 && args[0].equals("audit");
    }

    /** Runs {@code audit …} and says how it went: {@link #INTACT}, {@link #BROKEN} or {@link #FAILED}. */
    public static int run(String[] args, PrintStream out) {
        List<String> spring = new ArrayList<>();
        String from = null;
        String to = null;
        if (args.length < 2 || !args[1].equals("verify")) {
            out.println(USAGE);
            return FAILED;
        }
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--from") || arg.equals("--to")) && i + 1 < args.length) {
                if (arg.equals("--from")) {
                    from = args[++i];
                } else {
                    to = args[++i];
                }
            } else if (arg.startsWith("--spring.") && arg.contains("=")) {
                spring.add(arg);
            } else {
                out.println("'" + arg + "' is not understood; " + USAGE);
                return FAILED;
            }
        }
        Bound lower;
        Bound upper;
        try {
            lower = Bound.of("--from", from, false);
            upper = Bound.of("--to", to, true);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return FAILED;
        }
        if (lower.place != null && upper.place != null && upper.place < lower.place
                || lower.day != null && upper.day != null && !upper.day.isAfter(lower.day)) {
            out.println("--to comes before --from: nothing would be checked");
            return FAILED;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Reader.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("spring.main.register-shutdown-hook=false", "logging.level.root=WARN")
                .run(spring.toArray(String[]::new))) {
            return verify(context.getBean(AuditVerification.class), context.getBean(AuditChainExport.class), lower,
                    upper, out);
        } catch (RuntimeException e) {
            out.println("the chain could not be checked: " + rootCause(e));
            return FAILED;
        }
    }

    private static int verify(AuditVerification verification, AuditChainExport export, Bound lower, Bound upper,
                              PrintStream out) {
        Long first = lower.place;
        Long last = upper.place;
        if (lower.day != null || upper.day != null) {
            ChainSlice slice = export.slice(lower.day, upper.day);
            if (slice.isEmpty()) {
                out.println("No event of the chain was recorded in that period.");
                return INTACT;
            }
            first = lower.day != null ? Long.valueOf(slice.firstSeq()) : first;
            last = upper.day != null ? Long.valueOf(slice.lastSeq()) : last;
        }
        ChainReport report = verification.verify(first, last);
        out.println((report.intact() ? "INTACT" : "BROKEN") + ": " + report.checked() + " events checked"
                + (first == null && last == null ? "" : " (places " + (first == null ? 1 : first) + " to "
                + (last == null ? report.headSeq() : last) + ")"));
        if (!report.intact()) {
            out.println("first broken: " + report.problem());
        }
        out.println("head: place " + report.headSeq() + ", hash " + report.headHash());
        if (report.unsealed() > 0) {
            out.println(report.unsealed() + " events are outside the chain (written before it existed, or outside "
                    + "Fixline)");
        }
        return report.intact() ? INTACT : BROKEN;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** A bound of the range: a place in the chain, or the start of a UTC day (the day after, for {@code --to}). */
    private record Bound(Long place, Instant day) {

        static Bound of(String option, String text, boolean upper) {
            if (text == null) {
                return new Bound(null, null);
            }
            if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
                try {
                    long place = Long.parseLong(text);
                    if (place >= 1) {
                        return new Bound(place, null);
                    }
                } catch (NumberFormatException tooLong) {
                    // answered below
                }
            } else {
                try {
                    LocalDate day = LocalDate.parse(text);
                    return new Bound(null, (upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant());
                } catch (DateTimeParseException e) {
                    // answered below
                }
            }
            throw new IllegalArgumentException(option + " '" + text + "' is neither a place in the chain (1, 2, …) "
                    + "nor a day (2026-06-30)");
        }
    }

    /** Only what reading the chain needs: the data source and the two readers. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
    @Import({AuditVerification.class, AuditChainExport.class})
    static class Reader {
    }
}
