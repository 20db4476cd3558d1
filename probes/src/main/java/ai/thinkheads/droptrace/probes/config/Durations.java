package ai.thinkheads.droptrace.probes.config;

import ai.thinkheads.droptrace.core.time.WrittenDuration;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people write them in configuration, as the command line's options take them: {@code 500ms}, {@code 5s},
 * {@code 1h30m}, {@code 2d}, or ISO {@code PT5S}.
 */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        Duration d = WrittenDuration.parseOrNull(text);
        if (d == null) {
            throw invalid(text);
        }
        return d;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration (write 500ms, 90s, 1h30m, 2d or PT1H)");
    }

    /** The longest timeout: probes wait in milliseconds counted in an {@code int}, and a probe is not a batch job. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + text(d));
        }
    }

    /** The longest interval: a probe run less often than yearly checks nothing, and the schedule counts milliseconds. */
    public static final Duration MAX_INTERVAL = Duration.ofDays(365);

    /** An interval below a second is a typo ({@code 30ms} for {@code 30s}) that would probe a service in a tight loop. */
    static void requireInterval(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("interval must be at least 1s, was " + text(d));
        }
        if (d.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("interval must be at most 365d, was " + d.toDays() + "d");
        }
    }

    static void requireTimeout(Duration d) {
        requirePositive(d, "timeout");
        if (d.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be at most 1h, was " + text(d));
        }
    }

    /** {@code 100000h}, {@code 1m30s}, {@code 0.5s}: as written in the file, more or less. */
    static String text(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** Reads a duration from a YAML scalar. */
    static final class Deserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                throw ctxt.weirdStringException(text, Duration.class, e.getMessage());
            }
        }
    }
}
