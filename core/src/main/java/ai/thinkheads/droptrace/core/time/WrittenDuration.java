package ai.thinkheads.droptrace.core.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as people write it on the command line and in configuration files: {@code 500ms}, {@code 90s},
 * {@code 1h30m}, {@code 2d}, or ISO-8601 {@code PT1H}. Each caller says in its own words what is wrong with the
 * text that is none.
 */
public final class WrittenDuration {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private WrittenDuration() {
    }

    /**
     * The duration {@code text} writes, or {@code null} when it writes none (or more than a {@link Duration} holds).
     * An ISO form may be negative ({@code PT-1H}); the units form never is.
     */
    public static Duration parseOrNull(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            try {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
            at = m.end();
        }
        return at == 0 || at != t.length() ? null : total;
    }
}
