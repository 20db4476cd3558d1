package ai.thinkheads.droptrace.streams.correlate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An ISO-8601 instant as events write it ({@code 2025-11-20T14:01:12.345Z}), as epoch millis or
 * as an {@link Instant}: the shape {@code Instant.toString()} writes is read directly (the time
 * extractor and the JSON reader read one for every event, and {@code Instant.parse} cost more than
 * the rest of the scan); any other text goes to {@link Instant#parse}, so the result is always what
 * {@code Instant.parse} would give.
 */
final class IsoInstants {

    private IsoInstants() {
    }

    /** @throws DateTimeException when the text is not an ISO-8601 instant */
    static long epochMillis(String text) {
        long[] parts = parts(text);
        if (parts == null) {
            return Instant.parse(text).toEpochMilli();
        }
        return parts[0] * 1000 + parts[1] / 1_000_000;
    }

    /**
     * The instant, to the nanosecond, as {@link Instant#parse} reads it (the JSON reader of events
     * reads one for every event).
     *
     * @throws DateTimeException when the text is not an ISO-8601 instant
     */
    static Instant instant(String text) {
        long[] parts = parts(text);
        return parts == null ? Instant.parse(text) : Instant.ofEpochSecond(parts[0], parts[1]);
    }

    /**
     * Epoch second and nano of a text in the shape {@code Instant.toString()} writes (years 0000 to
     * 9999, 0 to 9 fraction digits, {@code Z}), or {@code null} for any other text.
     */
    private static long[] parts(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        long nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(text, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return new long[] {((epochDay * 24 + hour) * 60 + minute) * 60 + second, nanos};
    }

    /** The decimal number in {@code [from, to)}, or {@code -1} when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
