package ai.thinkheads.droptrace.ingest.syslog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What an RFC 3164 timestamp ({@code Mar 14 09:12:44}) lacks: the year and the zone. The year is
 * either fixed or inferred from a reference time (a file's modification time, or now for live
 * input): the year of the reference, or the year before when that would put the line more than a
 * month after the reference (December lines read in January).
 *
 * @param year the fixed year, {@code null} to infer it from {@code reference}
 * @param zone the zone the sender wrote its local time in
 * @param reference the time the input was written by, at the latest (file modification time, or now)
 * @param yearGiven true when the year came from the user, false when inferred (said in output)
 * @param zoneGiven true when the zone came from the user, false when it is this machine's default
 */
public record SyslogYearAndZone(Integer year, ZoneId zone, Instant reference, boolean yearGiven, boolean zoneGiven) {

    private static final long MONTH_SECONDS = 31L * 86_400L;

    public SyslogYearAndZone {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(reference, "reference");
    }

    /** Live input: the year inferred from now, the zone of this machine. */
    public static SyslogYearAndZone live() {
        return new SyslogYearAndZone(null, ZoneId.systemDefault(), Instant.now(), false, false);
    }

    public static SyslogYearAndZone of(Integer year, ZoneId zone, Instant reference) {
        return new SyslogYearAndZone(year, zone == null ? ZoneId.systemDefault() : zone, reference, year != null,
                zone != null);
    }

    /** The time of a year-less local timestamp; {@code null} when the date does not exist in that year (Feb 29). */
    public OffsetDateTime resolve(int month, int day, int hour, int minute, int second) {
        int y = year != null ? year : reference.atZone(zone).getYear();
        OffsetDateTime time = at(y, month, day, hour, minute, second);
        if (year == null && time != null && time.toEpochSecond() - reference.getEpochSecond() > MONTH_SECONDS) {
            time = at(y - 1, month, day, hour, minute, second);
        }
        return time;
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

    /** A sentence for the output: where the year and zone came from. */
    public String describe() {
        String y = yearGiven ? "year " + year + " (--year)" : "year inferred from " + reference;
        String z = zoneGiven ? "zone " + zone + " (--zone)" : "zone " + zone + " (this machine's default)";
        return "RFC 3164 timestamps, which carry no year or zone: " + y + ", " + z;
    }
}
