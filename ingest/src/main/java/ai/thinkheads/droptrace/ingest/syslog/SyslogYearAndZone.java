package ai.thinkheads.droptrace.ingest.syslog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * What an RFC 3164 timestamp ({@code Mar 14 09:12:44}) lacks: the year and the zone. The year is
 * either fixed or inferred from a reference time (a file's modification time, or, for live input,
 * the time each line is read): the latest date with that month and day that is not more than a day
 * after the reference (the day allows for a sender's clock or zone ahead of ours), so December lines
 * read in January are of the year before, and {@code Feb 29} of the last leap year.
 *
 * @param year the fixed year, {@code null} to infer it from {@code reference}
 * @param zone the zone the sender wrote its local time in
 * @param reference the time the input was written by, at the latest (file modification time); {@code null}
 *     for live input: the time each line is read
 * @param yearGiven true when the year came from the user, false when inferred (said in output)
 * @param zoneGiven true when the zone came from the user, false when it is this machine's default
 */
public record SyslogYearAndZone(Integer year, ZoneId zone, Instant reference, boolean yearGiven, boolean zoneGiven) {

    /** How far after the reference a line may be dated: a sender's clock or zone ahead of ours. */
    private static final long AHEAD_SECONDS = 86_400L;
    /** Feb 29 is found within 8 years back (2096 to 2104 has no leap year in between). */
    private static final int LEAP_SEARCH_YEARS = 8;

    public SyslogYearAndZone {
        Objects.requireNonNull(zone, "zone");
    }

    /** Live input: the year inferred from the time each line is read, the zone of this machine. */
    public static SyslogYearAndZone live() {
        return ofLive(null, null);
    }

    /** Live input: the year fixed or inferred from the time each line is read; the zone given or this machine's. */
    public static SyslogYearAndZone ofLive(Integer year, ZoneId zone) {
        return of(year, zone, null);
    }

    public static SyslogYearAndZone of(Integer year, ZoneId zone, Instant reference) {
        return new SyslogYearAndZone(year, zone == null ? ZoneId.systemDefault() : zone, reference, year != null,
                zone != null);
    }

    /** The time of a year-less local timestamp; {@code null} when the date does not exist in that year (Feb 29). */
    public OffsetDateTime resolve(int month, int day, int hour, int minute, int second) {
        if (year != null) {
            return at(year, month, day, hour, minute, second);
        }
        Instant now = reference != null ? reference : Instant.now();
        long latest = now.getEpochSecond() + AHEAD_SECONDS;
        java.time.ZonedDateTime local = now.atZone(zone);
        int y = local.getYear();
        if (month == 1 && local.getMonthValue() == 12) {
            y++; // Jan 1 00:30 read on Dec 31 at 23:50 by a clock behind the sender's
        }
        for (int back = 0; back <= LEAP_SEARCH_YEARS; back++) {
            OffsetDateTime time = at(y - back, month, day, hour, minute, second);
            if (time != null && time.toEpochSecond() <= latest) {
                return time;
            }
        }
        return null;
    }

    /** The time of a local timestamp that wrote its year ({@code Mmm dd yyyy hh:mm:ss}); only the zone is assumed. */
    public OffsetDateTime resolveInYear(int y, int month, int day, int hour, int minute, int second) {
        return at(y, month, day, hour, minute, second);
    }

    /** A time written in UTC with its date ({@code ... 09:13:20 UTC}); {@code null} when the date does not exist. */
    public static OffsetDateTime inUtc(int y, int month, int day, int hour, int minute, int second) {
        return at(ZoneOffset.UTC, y, month, day, hour, minute, second);
    }

    private OffsetDateTime at(int y, int month, int day, int hour, int minute, int second) {
        return at(zone, y, month, day, hour, minute, second);
    }

    private static OffsetDateTime at(ZoneId zone, int y, int month, int day, int hour, int minute, int second) {
        if (day > java.time.YearMonth.of(y, month).lengthOfMonth()) {
            return null;
        }
        LocalDateTime local = LocalDateTime.of(y, month, day, hour, minute, second);
        ZoneOffset offset = zone.getRules().getOffset(local);
        return local.atOffset(offset);
    }

    /**
     * Whether {@code time}, a local time read in this zone, lies in the hour a change back to standard time repeats:
     * the line does not say which of its two offsets it was written at, and the earlier one was taken.
     */
    public boolean inRepeatedHour(OffsetDateTime time) {
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return false;
        }
        ZoneOffsetTransition transition = rules.getTransition(time.toLocalDateTime()); // null outside a gap or overlap
        return transition != null && transition.isOverlap();
    }

    /** A sentence for the output: where the year and zone came from. */
    public String describe() {
        String y = yearGiven ? "year " + year + " (--year)"
                : reference == null ? "year inferred from the time each line was read"
                : "year inferred from the file's modification time, " + reference.truncatedTo(ChronoUnit.SECONDS);
        String z = zoneGiven ? "zone " + zone + " (--zone)" : "zone " + zone + " (this machine's default)";
        return "RFC 3164 timestamps, which carry no year or zone: " + y + ", " + z;
    }
}
