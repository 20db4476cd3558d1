package ai.thinkheads.droptrace.ingest.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes an {@link Instant} as {@link Instant#toString()} does (ISO-8601 in UTC, the fraction in
 * groups of three digits, none when zero) without a formatter. Lines of one minute share their
 * date, hour and minute, so the text of the last minute written is kept and reused: only the
 * seconds are written per line. The last minutes are kept in a few slots picked by the minute, as
 * worker threads serialise blocks of different minutes at once: with one slot they would replace
 * each other's minute line after line.
 */
final class InstantText {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: outside, {@code Instant.toString()} writes signs and more digits. */
    private static final long MIN = -62_167_219_200L;
    private static final long MAX = 253_402_300_799L;

    /** The text of one minute, {@code yyyy-MM-ddTHH:mm:}, from its first epoch second; immutable, so safe to share between threads. */
    private record Minute(long start, byte[] text) {
    }

    private static final int MINUTE_TEXT = 17;

    private static final int SLOTS = 8;
    private static final Minute[] LAST = new Minute[SLOTS];

    static {
        Arrays.fill(LAST, new Minute(0, "1970-01-01T00:00:".getBytes(StandardCharsets.US_ASCII)));
    }

    private InstantText() {
    }

    static void write(JsonBytes out, Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < MIN || seconds > MAX) {
            out.string(time.toString());
            return;
        }
        long minuteNumber = Math.floorDiv(seconds, 60L);
        int slot = (int) minuteNumber & (SLOTS - 1);
        Minute minute = LAST[slot];
        long start = minuteNumber * 60;
        if (minute.start() != start) {
            minute = new Minute(start, Arrays.copyOf(text(start), MINUTE_TEXT));
            LAST[slot] = minute;
        }
        long second = seconds - start;
        out.ascii('"');
        out.raw(minute.text());
        out.ascii((char) ('0' + second / 10));
        out.ascii((char) ('0' + second % 10));
        int nanos = time.getNano();
        if (nanos != 0) {
            out.ascii('.');
            if (nanos % 1_000_000 == 0) {
                fraction(out, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                fraction(out, nanos / 1000, 6);
            } else {
                fraction(out, nanos, 9);
            }
        }
        out.ascii('Z');
        out.ascii('"');
    }

    private static void fraction(JsonBytes out, int value, int digits) {
        byte[] text = new byte[digits];
        int v = value;
        for (int k = digits - 1; k >= 0; k--) {
            text[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        out.raw(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} of an epoch second in years 0-9999 (H. Hinnant's civil_from_days). */
    static byte[] text(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        int doe = (int) (z - era * 146_097L);
        int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        byte[] t = new byte[19];
        put(t, 0, (int) (year / 100));
        put(t, 2, (int) (year % 100));
        t[4] = '-';
        put(t, 5, month);
        t[7] = '-';
        put(t, 8, day);
        t[10] = 'T';
        put(t, 11, secondOfDay / 3600);
        t[13] = ':';
        put(t, 14, secondOfDay / 60 % 60);
        t[16] = ':';
        put(t, 17, secondOfDay % 60);
        return t;
    }

    private static void put(byte[] t, int at, int twoDigits) {
        t[at] = (byte) ('0' + twoDigits / 10);
        t[at + 1] = (byte) ('0' + twoDigits % 10);
    }
}
