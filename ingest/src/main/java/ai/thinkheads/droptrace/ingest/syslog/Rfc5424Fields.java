package ai.thinkheads.droptrace.ingest.syslog;

import ai.thinkheads.droptrace.ingest.time.CivilTime;
import java.time.Instant;

/** Small readers for the numeric and time fields of RFC 5424. */
final class Rfc5424Fields {

    private Rfc5424Fields() {
    }

    /** A timestamp read at a position: the time, or the error; {@code end} is where reading stopped. */
    record Timestamp(Instant time, int offsetSeconds, String error, int end) {
    }

    static int digitCount(String s, int at, int max) {
        int k = at;
        while (k < s.length() && k - at < max && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
            k++;
        }
        return k - at;
    }

    /** The value of up to {@code max} digits at {@code at}; -1 when there is none. */
    static int number(String s, int at, int max) {
        int count = digitCount(s, at, max);
        return count == 0 ? -1 : CivilTime.digits(s, at, count);
    }

    /**
     * {@code YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm|-hh:mm)} (RFC 3339 as RFC 5424 restricts it): at most
     * {@code maxFraction} fraction digits (6 in RFC 5424; 9 for senders that write nanoseconds).
     */
    static Timestamp timestamp(String s, int at, int maxFraction) {
        int year = CivilTime.digits(s, at, 4);
        int month = CivilTime.digits(s, at + 5, 2);
        int day = CivilTime.digits(s, at + 8, 2);
        int hour = CivilTime.digits(s, at + 11, 2);
        int minute = CivilTime.digits(s, at + 14, 2);
        int second = CivilTime.digits(s, at + 17, 2);
        String bad = Rfc5424Parser.E_TIMESTAMP;
        if (year < 0 || !charAt(s, at + 4, '-') || month < 1 || month > 12 || !charAt(s, at + 7, '-') || day < 1
                || day > 31 || !charAt(s, at + 10, 'T') || hour < 0 || hour > 23 || !charAt(s, at + 13, ':')
                || minute < 0 || minute > 59 || !charAt(s, at + 16, ':') || second < 0 || second > 59) {
            return new Timestamp(null, 0, bad, at);
        }
        int k = at + 19;
        int nanos = 0;
        if (charAt(s, k, '.')) {
            int digits = digitCount(s, k + 1, maxFraction + 1);
            if (digits == 0 || digits > maxFraction) {
                return new Timestamp(null, 0, bad, k + 1 + Math.min(digits, maxFraction));
            }
            nanos = CivilTime.digits(s, k + 1, digits);
            for (int d = digits; d < 9; d++) {
                nanos *= 10;
            }
            k += 1 + digits;
        }
        int offsetSeconds;
        if (charAt(s, k, 'Z')) {
            offsetSeconds = 0;
            k++;
        } else if (charAt(s, k, '+') || charAt(s, k, '-')) {
            int oh = CivilTime.digits(s, k + 1, 2);
            int om = CivilTime.digits(s, k + 4, 2);
            if (oh < 0 || oh > 23 || !charAt(s, k + 3, ':') || om < 0 || om > 59) {
                return new Timestamp(null, 0, bad, k);
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(k) == '-' ? -1 : 1);
            k += 6;
        } else {
            return new Timestamp(null, 0, bad, k);
        }
        if (day > CivilTime.daysInMonth(year, month)) {
            return new Timestamp(null, 0, "parsing time \"" + s.substring(at, k) + "\": day out of range", k);
        }
        long epoch = CivilTime.epochSecond(year, month, day, hour, minute, second) - offsetSeconds;
        return new Timestamp(Instant.ofEpochSecond(epoch, nanos), offsetSeconds, null, k);
    }

    private static boolean charAt(String s, int k, char c) {
        return k < s.length() && s.charAt(k) == c;
    }
}
