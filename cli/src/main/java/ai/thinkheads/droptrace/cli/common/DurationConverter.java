package ai.thinkheads.droptrace.cli.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration as people write it ({@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2d}) or in ISO-8601 ({@code PT1H}). */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                Duration iso = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (iso.isNegative()) {
                    throw invalid(text); // "PT-1H": as "-1h", not a span of time
                }
                return iso;
            } catch (DateTimeParseException e) {
                throw invalid(text);
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
                throw invalid(text); // more than a Duration holds
            }
            at = m.end();
        }
        if (at == 0 || at != t.length()) {
            throw invalid(text);
        }
        return total;
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a duration; write it like 90s, 15m, 1h30m, 2d or PT1H");
    }
}
