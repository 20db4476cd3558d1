package ai.thinkheads.droptrace.ingest.pve;

import ai.thinkheads.droptrace.ingest.packet.Interned;
import ai.thinkheads.droptrace.ingest.time.CivilTime;
import java.time.Instant;
import java.util.Arrays;

/**
 * The fixed-layout header of a pvefw-logger line,
 * {@code <vmid> <level> <chain> <dd/Mon/yyyy:HH:MM:SS> <+zzzz> }, read in place.
 *
 * @param restStart index of the first character after the zone offset and its space
 */
record PveHeader(String error, int vmid, int level, String chain, Instant time, String zoneOffset, int restStart) {

    private static final int TIMESTAMP_LENGTH = 26;

    static PveHeader fail(String reason) {
        return new PveHeader(reason, 0, 0, null, null, null, 0);
    }

    /** True when {@code text} at {@code from} starts like a pve line: digits, a space, a level digit, a space. */
    static boolean looksLike(String text, int from) {
        int n = text.length();
        int i = from;
        while (i < n && i - from < 10 && isDigit(text.charAt(i))) {
            i++;
        }
        return i > from && i + 2 < n && text.charAt(i) == ' ' && isDigit(text.charAt(i + 1))
                && text.charAt(i + 2) == ' ';
    }

    static PveHeader read(String line, int from) {
        int n = line.length();
        int i = from;
        long vmid = 0;
        while (i < n && i - from < 10 && isDigit(line.charAt(i))) {
            vmid = vmid * 10 + (line.charAt(i) - '0');
            i++;
        }
        if (i == from || i >= n || line.charAt(i) != ' ' || vmid > Integer.MAX_VALUE) {
            return fail("not a pve-firewall line: no vmid at the start");
        }
        i++;
        if (i + 1 >= n || line.charAt(i) < '0' || line.charAt(i) > '7' || line.charAt(i + 1) != ' ') {
            return fail("not a pve-firewall line: no log level 0-7 after the vmid");
        }
        int level = line.charAt(i) - '0';
        i += 2;
        int chainEnd = line.indexOf(' ', i);
        if (chainEnd <= i) {
            return fail("not a pve-firewall line: no chain after the log level");
        }
        String chain = line.substring(i, chainEnd);
        i = chainEnd + 1;
        if (i + TIMESTAMP_LENGTH > n || line.charAt(i + 20) != ' '
                || (i + TIMESTAMP_LENGTH < n && line.charAt(i + TIMESTAMP_LENGTH) != ' ')) {
            return fail("not a pve-firewall line: no dd/Mon/yyyy:HH:MM:SS +zzzz timestamp after the chain");
        }
        return timestamp(line, i, (int) vmid, level, chain);
    }

    private static PveHeader timestamp(String s, int i, int vmid, int level, String chain) {
        char minuteDigit = s.charAt(i + 16);
        int slot = minuteDigit >= '0' && minuteDigit <= '9' ? minuteDigit - '0' : 0;
        Minute last = MINUTES[slot];
        if (s.startsWith(last.text(), i) && s.startsWith(last.zone(), i + 21)) {
            int second = CivilTime.digits(s, i + 18, 2);
            if (s.charAt(i + 17) == ':' && second >= 0 && second <= 60) {
                Instant time = Instant.ofEpochSecond(last.utcStart() + Math.min(second, 59));
                return new PveHeader(null, vmid, level, chain, time, last.zone(),
                        Math.min(s.length(), i + TIMESTAMP_LENGTH + 1));
            }
        }
        int day = CivilTime.digits(s, i, 2);
        int month = CivilTime.month(s, i + 3);
        int year = CivilTime.digits(s, i + 7, 4);
        int hour = CivilTime.digits(s, i + 12, 2);
        int minute = CivilTime.digits(s, i + 15, 2);
        int second = CivilTime.digits(s, i + 18, 2);
        char sign = s.charAt(i + 21);
        int zh = CivilTime.digits(s, i + 22, 2);
        int zm = CivilTime.digits(s, i + 24, 2);
        long epoch = Long.MIN_VALUE;
        if (s.charAt(i + 2) == '/' && s.charAt(i + 6) == '/' && s.charAt(i + 11) == ':' && s.charAt(i + 14) == ':'
                && s.charAt(i + 17) == ':' && (sign == '+' || sign == '-') && day >= 0 && month > 0 && year >= 0
                && zh >= 0 && zh <= 18 && zm >= 0 && zm < 60) {
            epoch = CivilTime.epochSecond(year, month, day, hour, minute, second);
        }
        if (epoch == Long.MIN_VALUE) {
            return fail("bad timestamp '" + s.substring(i, i + TIMESTAMP_LENGTH) + "'");
        }
        int offsetSeconds = (zh * 3600 + zm * 60) * (sign == '-' ? -1 : 1);
        Instant time = Instant.ofEpochSecond(epoch - offsetSeconds);
        String zone = Zones.of(s, i + 21);
        MINUTES[slot] = new Minute(s.substring(i, i + 17), zone, epoch - Math.min(second, 59) - offsetSeconds);
        return new PveHeader(null, vmid, level, chain, time, zone, Math.min(s.length(), i + TIMESTAMP_LENGTH + 1));
    }

    /**
     * The minute of the last timestamp read ({@code dd/Mon/yyyy:HH:MM}, its zone and its start in
     * UTC): lines of one minute differ in their seconds only, which are all that is read then.
     * Immutable, so it can be shared between threads.
     */
    private record Minute(String text, String zone, long utcStart) {
    }

    /**
     * The last minutes read, one slot per last digit of the minute: worker threads parse blocks of
     * different minutes at once, and with one shared slot they would replace each other's minute
     * line after line. A slot is only a guess, checked against the whole minute text.
     */
    private static final Minute[] MINUTES = new Minute[10];

    static {
        Arrays.fill(MINUTES, new Minute("not a minute", "zone", 0));
    }

    /** The zone offsets of a log repeat line after line: the last one is kept and reused. */
    private static final class Zones {
        private static volatile String last = "+0000";

        static String of(String s, int at) {
            String known = last;
            if (s.startsWith(known, at)) {
                return known;
            }
            String zone = s.substring(at, at + 5);
            last = zone;
            return zone;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
