package ai.thinkheads.droptrace.ingest.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes an {@link Instant} as {@link Instant#toString()} does (ISO-8601 in UTC, the fraction in
 * groups of three digits, none when zero) without a formatter. Lines of one second share their
 * date and time text, so the last second written is kept and reused.
 */
final class InstantText {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: outside, {@code Instant.toString()} writes signs and more digits. */
    private static final long MIN = -62_167_219_200L;
    private static final long MAX = 253_402_300_799L;

    /** The text of one second, {@code yyyy-MM-ddTHH:mm:ss}; immutable, so safe to share between threads. */
    private record Second(long epochSecond, byte[] text) {
    }

    private static volatile Second last = new Second(0, "1970-01-01T00:00:00".getBytes(StandardCharsets.US_ASCII));

    private InstantText() {
    }

    static void write(JsonBytes out, Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < MIN || seconds > MAX) {
            out.string(time.toString());
            return;
        }
        Second second = last;
        if (second.epochSecond() != seconds) {
            second = new Second(seconds, text(seconds));
            last = second;
        }
        out.ascii('"');
        out.raw(second.text());
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
