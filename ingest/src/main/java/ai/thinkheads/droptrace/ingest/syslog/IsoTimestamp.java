package ai.thinkheads.droptrace.ingest.syslog;

import ai.thinkheads.droptrace.ingest.time.CivilTime;
import java.time.Instant;

/**
 * The RFC 3339 timestamps that log files carry in front of a syslog line, read leniently:
 * rsyslog's {@code 2021-03-02T18:40:09.984Z} and {@code ...T18:40:09.984123+01:00}, journald's
 * {@code short-iso} {@code 2025-03-14T09:12:44+0100}, {@code dmesg --time-format iso}'s
 * {@code 2025-03-14T09:12:44,123456+01:00}; up to 9 fraction digits.
 */
final class IsoTimestamp {

    private IsoTimestamp() {
    }

    record Read(Instant time, int offsetSeconds, int end) {
    }

    /** The timestamp at {@code at}, or {@code null}. */
    static Read read(String s, int at) {
        int year = CivilTime.digits(s, at, 4);
        int month = CivilTime.digits(s, at + 5, 2);
        int day = CivilTime.digits(s, at + 8, 2);
        int hour = CivilTime.digits(s, at + 11, 2);
        int minute = CivilTime.digits(s, at + 14, 2);
        int second = CivilTime.digits(s, at + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || s.charAt(at + 4) != '-'
                || s.charAt(at + 7) != '-' || s.charAt(at + 10) != 'T' || s.charAt(at + 13) != ':'
                || s.charAt(at + 16) != ':') {
            return null;
        }
        int k = at + 19;
        int nanos = 0;
        if (k < s.length() && (s.charAt(k) == '.' || s.charAt(k) == ',')) { // ISO 8601's comma: dmesg --time-format iso
            int digits = Rfc5424Fields.digitCount(s, k + 1, 9);
            if (digits == 0) {
                return null;
            }
            nanos = fraction(s, k + 1, digits);
            k += 1 + digits;
        }
        int offsetSeconds;
        if (k < s.length() && s.charAt(k) == 'Z') {
            offsetSeconds = 0;
            k++;
        } else if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
            int oh = CivilTime.digits(s, k + 1, 2);
            boolean colon = k + 3 < s.length() && s.charAt(k + 3) == ':';
            int om = CivilTime.digits(s, k + (colon ? 4 : 3), 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(k) == '-' ? -1 : 1);
            k += colon ? 6 : 5;
        } else {
            return null;
        }
        long epoch = CivilTime.epochSecond(year, month, day, hour, minute, second);
        if (epoch == Long.MIN_VALUE) {
            return null;
        }
        return new Read(Instant.ofEpochSecond(epoch - offsetSeconds, nanos), offsetSeconds, k);
    }

    /** {@code digits} (1-9) fraction digits at {@code at} as nanoseconds. */
    static int fraction(String s, int at, int digits) {
        int nanos = CivilTime.digits(s, at, digits);
        for (int d = digits; d < 9; d++) {
            nanos *= 10;
        }
        return nanos;
    }

    /**
     * journald's {@code short-unix}: seconds since the epoch, a point and a fraction
     * ({@code 1710404000.123456}), followed by a space; or {@code null}.
     */
    static Read epoch(String s, int at) {
        int seconds = Rfc5424Fields.digitCount(s, at, 12);
        if (seconds == 0 || at + seconds >= s.length() || s.charAt(at + seconds) != '.') {
            return null;
        }
        int digits = Rfc5424Fields.digitCount(s, at + seconds + 1, 9);
        int end = at + seconds + 1 + digits;
        if (digits == 0 || end >= s.length() || s.charAt(end) != ' ') {
            return null;
        }
        long epochSecond = Long.parseLong(s, at, at + seconds, 10);
        return new Read(Instant.ofEpochSecond(epochSecond, fraction(s, at + seconds + 1, digits)), 0, end);
    }
}
