package ai.thinkheads.droptrace.streams.correlate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Epoch millis of an ISO-8601 instant as events write it ({@code 2025-11-20T14:01:12.345Z}): the
 * shape {@code Instant.toString()} writes is read directly (the time extractor reads one for every
 * event, and {@code Instant.parse} cost more than the rest of the scan); any other text goes to
 * {@link Instant#parse}, so the result is always what {@code Instant.parse} would give.
 */
final class IsoInstants {

    private IsoInstants() {
    }

    /** @throws DateTimeException when the text is not an ISO-8601 instant */
    static long epochMillis(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z') {
            return Instant.parse(text).toEpochMilli();
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int millis = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return Instant.parse(text).toEpochMilli();
            }
            int fraction = digits(text, 20, 20 + Math.min(3, fractionDigits));
            if (fraction < 0 || digits(text, 20, n - 1) < 0) {
                return Instant.parse(text).toEpochMilli();
            }
            millis = fractionDigits == 1 ? fraction * 100 : fractionDigits == 2 ? fraction * 10 : fraction;
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return Instant.parse(text).toEpochMilli();
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000 + second * 1000L + millis;
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
