package ai.thinkheads.droptrace.ingest.kernel;

import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.time.CivilTime;
import java.time.OffsetDateTime;

/**
 * The human-readable time {@code dmesg -T} puts in front of a kernel line:
 * {@code [Thu Mar 14 09:12:44 2025]} (ctime's form, the day padded with a space), the local time of
 * the machine dmesg ran on, so the zone is assumed ({@code --zone}, or this machine's).
 */
public final class DmesgTime {

    /** {@code [Www Mmm dd hh:mm:ss yyyy]}. */
    private static final int LENGTH = 26;

    private DmesgTime() {
    }

    /** Whether {@code s} starts, at {@code at}, like dmesg -T's bracket: a weekday, a month, and a space after. */
    public static boolean looksLike(String s, int at) {
        return at + LENGTH <= s.length() && s.charAt(at) == '[' && CivilTime.letters(s, at + 1, 3)
                && s.charAt(at + 4) == ' ' && CivilTime.month(s, at + 5) > 0 && s.charAt(at + 8) == ' '
                && s.charAt(at + LENGTH - 1) == ']';
    }

    /**
     * The time in the bracket at {@code at} (checked with {@link #looksLike}) at the offset the zone assumed gives it, or
     * {@code null} when it is no time.
     */
    public static OffsetDateTime read(String s, int at, SyslogYearAndZone zone) {
        int month = CivilTime.month(s, at + 5);
        int day = s.charAt(at + 9) == ' ' ? CivilTime.digits(s, at + 10, 1) : CivilTime.digits(s, at + 9, 2);
        int hour = CivilTime.digits(s, at + 12, 2);
        int minute = CivilTime.digits(s, at + 15, 2);
        int second = CivilTime.digits(s, at + 18, 2);
        int year = CivilTime.digits(s, at + 21, 4);
        if (day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || year < 0 || s.charAt(at + 11) != ' ' || s.charAt(at + 14) != ':' || s.charAt(at + 17) != ':'
                || s.charAt(at + 20) != ' ') {
            return null;
        }
        return zone.resolveInYear(year, month, day, hour, minute, second);
    }

    /** The index after the bracket and the spaces that follow it. */
    public static int end(String s, int at) {
        int k = at + LENGTH;
        while (k < s.length() && s.charAt(k) == ' ') {
            k++;
        }
        return k;
    }
}
