package ai.thinkheads.droptrace.ingest.syslog;

import ai.thinkheads.droptrace.ingest.time.CivilTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * BSD syslog (RFC 3164) and the shapes real senders and files use: {@code <PRI>} optional (files
 * written by rsyslog have none), a space after the PRI, no hostname ({@code <46>Apr 27 23:06:01
 * syslogd[68529]: start}), several spaces after the hostname, a tag with a pid ({@code sudo[6040]:})
 * or none at all. The timestamp is {@code Mmm dd hh:mm:ss} (year and zone from
 * {@link SyslogYearAndZone}) or RFC 3339 as rsyslog and journald ({@code short-iso}) write it
 * ({@code 2021-03-02T18:40:09.984Z}, {@code 2025-03-14T09:12:44+0100}).
 *
 * <p>Strict mode requires the PRI; best-effort mode does not, and also reads journald's
 * {@code short-precise} ({@code Mar 14 09:12:44.123456}) and {@code short-unix}
 * ({@code 1710404000.123456}) timestamps, and the year network devices write after the day
 * ({@code Mar 14 2025 09:12:44}; the zone is still assumed), and journalctl's {@code short-full}
 * ({@code Thu 2024-03-14 09:13:20 CET}: the abbreviation is not read; UTC and GMT aside, the zone
 * is assumed).
 */
public final class Rfc3164Parser {

    private static final int MAX_TAG = 48;

    private final boolean strict;
    private final SyslogYearAndZone yearAndZone;
    /** Timestamps read without a year and zone, resolved by {@link #yearAndZone} (parsers run on several threads). */
    private final LongAdder localTimes = new LongAdder();
    /** The earliest and the latest of those times (epoch seconds), and how many fell in an hour a fall-back repeats. */
    private final LongAccumulator earliestLocal = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator latestLocal = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final LongAdder repeatedHour = new LongAdder();
    /** Those of them whose line wrote its year (dmesg -T, journalctl short-full, Mmm dd yyyy): only the zone was assumed. */
    private final LongAdder yearWritten = new LongAdder();

    public Rfc3164Parser(boolean strict, SyslogYearAndZone yearAndZone) {
        this.strict = strict;
        this.yearAndZone = yearAndZone;
    }

    /** How many timestamps so far carried no year and zone ({@code Mmm dd hh:mm:ss}), so that a caller says where they came from. */
    public long localTimes() {
        return localTimes.sum();
    }

    /**
     * What those timestamps were read as, for the caller's note beside {@link SyslogYearAndZone#describe()}: the dates
     * they got ({@code dated 2025-12-28 to 2026-01-02}, local dates in the zone), which show a year inferred from a
     * modification time that lies, or a {@code --year} given to a set that spans New Year; and how many lay in the hour
     * a change back to standard time repeats, read at the earlier offset. Empty when there were none.
     */
    public String localTimesRead() {
        if (localTimes.sum() == 0) {
            return "";
        }
        LocalDate first = Instant.ofEpochSecond(earliestLocal.get()).atZone(yearAndZone.zone()).toLocalDate();
        LocalDate last = Instant.ofEpochSecond(latestLocal.get()).atZone(yearAndZone.zone()).toLocalDate();
        String dated = first.equals(last) ? "dated " + first : "dated " + first + " to " + last;
        long repeated = repeatedHour.sum();
        String read = repeated == 0 ? dated : String.format(Locale.ROOT, "%s; %,d of them in an hour the change back "
                + "to standard time repeats, read at its first offset (a line does not say which)", dated, repeated);
        long withYear = yearWritten.sum();
        return withYear == 0 ? read : String.format(Locale.ROOT, "%s; %,d of them wrote their year (dmesg -T, journalctl "
                + "-o short-full, Mmm dd yyyy): only their zone was assumed", read, withYear);
    }

    public SyslogResult parse(String s) {
        return parse(s, 0);
    }

    public SyslogResult parse(String s, int from) {
        int n = s.length();
        int i = from;
        Integer priority = null;
        if (i < n && s.charAt(i) == '<') {
            int close = s.indexOf('>', i);
            int pri = close > i + 1 && close <= i + 4 ? CivilTime.digits(s, i + 1, close - i - 1) : -1;
            if (pri < 0 || pri > 191) {
                return SyslogResult.failed("expecting a priority value in the range 0-191 [col " + (i + 1) + "]", null);
            }
            priority = pri;
            i = close + 1;
        } else if (strict) {
            return SyslogResult.failed("expecting a priority value within angle brackets [col " + i + "]", null);
        }
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        Instant time;
        int offsetSeconds;
        int month = CivilTime.month(s, i);
        if (month > 0) {
            int day;
            int t;
            if (charAt(s, i + 4, ' ')) {
                day = CivilTime.digits(s, i + 5, 1);
                t = i + 7;
            } else if (charAt(s, i + 5, ' ')) {
                day = CivilTime.digits(s, i + 4, 1);
                t = i + 6;
            } else {
                day = CivilTime.digits(s, i + 4, 2);
                t = i + 7;
            }
            int year = -1;
            if (!strict && charAt(s, t + 4, ' ') && CivilTime.digits(s, t, 4) >= 1970) {
                // Mmm dd yyyy hh:mm:ss: network devices (Cisco's "service timestamps log datetime year") write the year
                year = CivilTime.digits(s, t, 4);
                t += 5;
            }
            int hour = CivilTime.digits(s, t, 2);
            int minute = CivilTime.digits(s, t + 3, 2);
            int second = CivilTime.digits(s, t + 6, 2);
            if (!charAt(s, i + 3, ' ') || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                    || second < 0 || second > 59 || !charAt(s, t - 1, ' ') || !charAt(s, t + 2, ':')
                    || !charAt(s, t + 5, ':')) {
                return SyslogResult.failed("expecting a timestamp like 'Mmm dd hh:mm:ss' [col " + i + "]", null);
            }
            OffsetDateTime local = year < 0 ? yearAndZone.resolve(month, day, hour, minute, second)
                    : yearAndZone.resolveInYear(year, month, day, hour, minute, second);
            if (local == null) {
                return SyslogResult.failed("day out of range for the year: " + s.substring(i, t + 8), null);
            }
            time = local.toInstant();
            offsetSeconds = local.getOffset().getTotalSeconds();
            assumedZone(local, year >= 0); // the zone at least was assumed
            i = t + 8;
            int digits = strict || !charAt(s, i, '.') ? 0 : Rfc5424Fields.digitCount(s, i + 1, 9);
            if (digits > 0) {
                // journald's short-precise: Mmm dd hh:mm:ss.uuuuuu
                time = time.plusNanos(IsoTimestamp.fraction(s, i + 1, digits));
                i += 1 + digits;
            }
        } else if (!strict && weekdayDate(s, i)) {
            // journalctl -o short-full / with-unit: "Thu 2024-03-14 09:13:20 CET", local time and the zone's abbreviation
            int year = CivilTime.digits(s, i + 4, 4);
            int monthOfYear = CivilTime.digits(s, i + 9, 2);
            int day = CivilTime.digits(s, i + 12, 2);
            int hour = CivilTime.digits(s, i + 15, 2);
            int minute = CivilTime.digits(s, i + 18, 2);
            int second = CivilTime.digits(s, i + 21, 2);
            int zoneEnd = s.indexOf(' ', i + 24);
            if (monthOfYear < 1 || monthOfYear > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                    || minute > 59 || second < 0 || second > 59 || zoneEnd < 0 || zoneEnd == i + 24) {
                return SyslogResult.failed("expecting a timestamp like 'Thu 2024-03-14 09:13:20 CET' [col " + i + "]",
                        null);
            }
            String zoneName = s.substring(i + 24, zoneEnd);
            boolean utc = "UTC".equals(zoneName) || "GMT".equals(zoneName);
            OffsetDateTime local = utc ? SyslogYearAndZone.inUtc(year, monthOfYear, day, hour, minute, second)
                    : yearAndZone.resolveInYear(year, monthOfYear, day, hour, minute, second);
            if (local == null) {
                return SyslogResult.failed("day out of range for the year: " + s.substring(i, zoneEnd), null);
            }
            time = local.toInstant();
            offsetSeconds = local.getOffset().getTotalSeconds();
            if (!utc) {
                assumedZone(local, true); // the abbreviation is not read: the zone is assumed
            }
            i = zoneEnd;
        } else {
            IsoTimestamp.Read iso = IsoTimestamp.read(s, i);
            if (iso == null && !strict) {
                iso = IsoTimestamp.epoch(s, i);
            }
            if (iso == null) {
                return SyslogResult.failed("expecting a timestamp like 'Mmm dd hh:mm:ss' or RFC 3339 [col " + i + "]",
                        null);
            }
            time = iso.time();
            offsetSeconds = iso.offsetSeconds();
            i = iso.end();
        }
        if (i < n && s.charAt(i) != ' ') {
            return SyslogResult.failed("expecting a space after the timestamp [col " + i + "]", null);
        }
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        return header(s, i, priority, time, offsetSeconds);
    }

    /**
     * Counts a time read in the assumed zone for {@link #localTimes()} and {@link #localTimesRead()}: every such time,
     * also journalctl's {@code short-full}, whose dates the note gives (counted without its date, a file of such lines
     * alone ended {@code parse} and {@code replay} with "unexpected failure" when the note was made), and
     * {@code dmesg -T}'s, which the caller reads; {@code withYear} when the line wrote its year (said in the note:
     * only the zone was assumed).
     */
    public void assumedZone(OffsetDateTime local, boolean withYear) {
        localTimes.increment();
        if (withYear) {
            yearWritten.increment();
        }
        earliestLocal.accumulate(local.toEpochSecond());
        latestLocal.accumulate(local.toEpochSecond());
        if (yearAndZone.inRepeatedHour(local)) {
            repeatedHour.increment();
        }
    }

    /** After the timestamp: [HOSTNAME SP+] [TAG[\[PID\]]: SP] MSG. */
    private static SyslogResult header(String s, int i, Integer priority, Instant time, int offset) {
        int n = s.length();
        String hostname = null;
        if (i < n && !hostOrTag(s, i)) {
            // "[UFW BLOCK] ..." or "IN=eth0 ...": no host and no tag wrote this (dmesg --time-format iso)
            return ok(priority, time, offset, null, null, null, s, i);
        }
        Tag tag = Tag.read(s, i);
        if (tag == null) {
            int end = s.indexOf(' ', i);
            if (end > i) {
                hostname = s.substring(i, end);
                i = end;
                while (i < n && s.charAt(i) == ' ') {
                    i++;
                }
                tag = Tag.read(s, i);
            } else if (end < 0 && i < n) {
                // A single word after the timestamp: the message.
                return ok(priority, time, offset, null, null, null, s, i);
            }
        }
        if (tag != null) {
            i = tag.end();
            if (i < n && s.charAt(i) == ' ') {
                i++;
            }
            return ok(priority, time, offset, hostname, tag.app(), tag.pid(), s, i);
        }
        return ok(priority, time, offset, hostname, null, null, s, i);
    }

    private static SyslogResult ok(Integer priority, Instant time, int offset, String host, String app, String pid,
            String s, int messageStart) {
        String message = messageStart < s.length() ? s.substring(messageStart) : null;
        return SyslogResult.ok(new SyslogMessage(priority, null, time, offset, host, app, pid, null, null, message,
                message == null ? -1 : messageStart));
    }

    /** {@code Www YYYY-MM-DD hh:mm:ss }: a weekday and a date, as journalctl's short-full writes them. */
    public static boolean weekdayDate(String s, int i) {
        if (i + 25 > s.length() || s.charAt(i + 3) != ' ' || s.charAt(i + 8) != '-' || s.charAt(i + 11) != '-'
                || s.charAt(i + 14) != ' ' || s.charAt(i + 17) != ':' || s.charAt(i + 20) != ':' || s.charAt(i + 23) != ' ') {
            return false;
        }
        return CivilTime.letters(s, i, 3) && CivilTime.digits(s, i + 4, 4) >= 0;
    }

    /** Whether the word at {@code i} can be a hostname or a tag: it does not open a bracket or hold an '='. */
    private static boolean hostOrTag(String s, int i) {
        if (s.charAt(i) == '[') {
            return false;
        }
        for (int k = i; k < s.length() && s.charAt(k) != ' '; k++) {
            if (s.charAt(k) == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean charAt(String s, int k, char c) {
        return k < s.length() && s.charAt(k) == c;
    }

    /** {@code app:} or {@code app[pid]:}, followed by a space or the end. */
    record Tag(String app, String pid, int end) {

        static Tag read(String s, int i) {
            int n = s.length();
            int k = i;
            while (k < n && k - i <= MAX_TAG) {
                char c = s.charAt(k);
                if (c == ':' || c == '[' || c == ' ' || c < 33 || c > 126) {
                    break;
                }
                k++;
            }
            if (k == i || k >= n || k - i > MAX_TAG) {
                return null;
            }
            String app = s.substring(i, k);
            String pid = null;
            if (s.charAt(k) == '[') {
                int close = s.indexOf(']', k);
                if (close < 0 || close - k > 129 || s.indexOf(' ', k) >= 0 && s.indexOf(' ', k) < close) {
                    return null;
                }
                pid = s.substring(k + 1, close);
                k = close + 1;
            }
            if (k >= n || s.charAt(k) != ':' || (k + 1 < n && s.charAt(k + 1) != ' ')) {
                return null;
            }
            return new Tag(app, pid, k + 1);
        }
    }
}
