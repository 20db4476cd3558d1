package ai.thinkheads.droptrace.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogYearAndZoneTest {

    private static SyslogYearAndZone writtenBy(String reference) {
        return SyslogYearAndZone.of(null, ZoneOffset.UTC, Instant.parse(reference));
    }

    private static String date(OffsetDateTime time) {
        return time == null ? null : time.toLocalDate().toString();
    }

    @Test
    void a_line_is_dated_no_later_than_a_day_after_its_files_modification_time() {
        // Given: a file last written on 2025-11-27 that holds a year of lines
        SyslogYearAndZone file = writtenBy("2025-11-27T10:00:00Z");
        // Then: December is the December before, whatever the file's order
        assertThat(date(file.resolve(12, 20, 0, 0, 0))).isEqualTo("2024-12-20");
        assertThat(date(file.resolve(12, 30, 0, 0, 0))).isEqualTo("2024-12-30");
        assertThat(date(file.resolve(1, 5, 0, 0, 0))).isEqualTo("2025-01-05");
        assertThat(date(file.resolve(11, 20, 0, 0, 0))).isEqualTo("2025-11-20");
        // a day ahead of the reference is allowed (a sender's clock or zone ahead), two are not
        assertThat(date(file.resolve(11, 28, 9, 0, 0))).isEqualTo("2025-11-28");
        assertThat(date(file.resolve(11, 29, 12, 0, 0))).isEqualTo("2024-11-29");
    }

    @Test
    void december_lines_read_in_january_are_of_the_year_before_and_january_lines_at_new_year_of_the_next() {
        // Given
        SyslogYearAndZone january = writtenBy("2026-01-02T08:00:00Z");
        SyslogYearAndZone newYearsEve = writtenBy("2025-12-31T23:50:00Z");
        // Then
        assertThat(date(january.resolve(12, 31, 23, 59, 59))).isEqualTo("2025-12-31");
        assertThat(date(january.resolve(1, 1, 0, 0, 1))).isEqualTo("2026-01-01");
        assertThat(date(newYearsEve.resolve(1, 1, 0, 30, 0))).as("a sender 40 minutes ahead").isEqualTo("2026-01-01");
        assertThat(date(newYearsEve.resolve(12, 31, 23, 0, 0))).isEqualTo("2025-12-31");
    }

    @Test
    void february_29_is_of_the_last_leap_year_even_when_the_reference_is_not_in_one() {
        // Then
        assertThat(date(writtenBy("2025-01-10T00:00:00Z").resolve(2, 29, 10, 0, 0))).isEqualTo("2024-02-29");
        assertThat(date(writtenBy("2027-06-01T00:00:00Z").resolve(2, 29, 10, 0, 0))).isEqualTo("2024-02-29");
        assertThat(date(writtenBy("2024-03-01T00:00:00Z").resolve(2, 29, 10, 0, 0))).isEqualTo("2024-02-29");
        // with a year given, a day that year does not have is no date
        assertThat(SyslogYearAndZone.of(2025, ZoneOffset.UTC, Instant.EPOCH).resolve(2, 29, 10, 0, 0)).isNull();
    }

    @Test
    void live_input_infers_the_year_from_the_time_each_line_is_read_not_from_the_start() {
        // Given: a listener started long ago (its reference would be stale) and one that reads each line's time
        SyslogYearAndZone live = SyslogYearAndZone.ofLive(null, ZoneId.of("UTC"));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // When: a line of today
        OffsetDateTime today = live.resolve(now.getMonthValue(), now.getDayOfMonth(), 0, 0, 0);
        // Then
        assertThat(today.getYear()).isEqualTo(now.getYear());
        assertThat(live.describe()).contains("year inferred from the time each line was read");
        // and a line of a year ago, month and day of tomorrow's date: a year before
        OffsetDateTime twoDaysAhead = now.plusDays(2);
        assertThat(live.resolve(twoDaysAhead.getMonthValue(), twoDaysAhead.getDayOfMonth(), 0, 0, 0))
                .isBefore(now);
    }

    @Test
    void the_note_names_the_modification_time_as_such_and_the_dates_the_lines_got() {
        // Given: the three files of a set that spans New Year, each read by the parser of its own modification time
        String line = " pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.153 DST=10.0.0.12 LEN=60 PROTO=TCP SPT=40000 "
                + "DPT=8443 SYN ";
        SyslogYearAndZone written = writtenBy("2026-01-01T05:00:00.123456789Z");
        FirewallLineParser parser = new FirewallLineParser(written);
        // When: its lines of December 31 and January 1 are read
        parser.parse("Dec 31 20:00:00" + line, Origin.of("kern.log.1", 1));
        parser.parse("Jan  1 04:00:00" + line, Origin.of("kern.log.1", 2));
        // Then: the time it went by is said to be the file's modification time, and the dates show the years inferred
        assertThat(written.describe()).isEqualTo("RFC 3164 timestamps, which carry no year or zone: year inferred from "
                + "the file's modification time, 2026-01-01T05:00:00Z, zone Z (--zone)");
        assertThat(parser.yearlessTimestampsRead()).isEqualTo("dated 2025-12-31 to 2026-01-01");
        // and a --year given to that set dates January eleven months before December: the note shows it
        FirewallLineParser given = new FirewallLineParser(SyslogYearAndZone.of(2025, ZoneOffset.UTC, null));
        given.parse("Dec 31 20:00:00" + line, Origin.of("kern.log.1", 1));
        given.parse("Jan  1 04:00:00" + line, Origin.of("kern.log.1", 2));
        assertThat(given.yearlessTimestampsRead()).isEqualTo("dated 2025-01-01 to 2025-12-31");
        assertThat(new FirewallLineParser(written).yearlessTimestampsRead()).isEmpty();
    }

    @Test
    void lines_in_the_hour_a_fall_back_repeats_are_read_at_the_earlier_offset_and_counted_for_the_note() {
        // Given: Berlin, where 2025-10-26 02:00-03:00 comes twice (+02:00, then +01:00)
        SyslogYearAndZone berlin = SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"),
                Instant.parse("2025-10-27T00:00:00Z"));
        FirewallLineParser parser = new FirewallLineParser(berlin);
        String line = " pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.153 DST=10.0.0.12 LEN=60 PROTO=TCP SPT=40000 "
                + "DPT=8443 SYN ";
        // When: a line before that hour, two in it, one after it
        parser.parse("Oct 26 01:50:00" + line, Origin.of("kern.log", 1));
        parser.parse("Oct 26 02:05:00" + line, Origin.of("kern.log", 2));
        parser.parse("Oct 26 02:50:00" + line, Origin.of("kern.log", 3));
        parser.parse("Oct 26 03:05:00" + line, Origin.of("kern.log", 4));
        // Then
        assertThat(berlin.inRepeatedHour(OffsetDateTime.parse("2025-10-26T02:05:00+02:00"))).isTrue();
        assertThat(berlin.inRepeatedHour(OffsetDateTime.parse("2025-03-30T02:30:00+01:00"))).as("spring's gap").isFalse();
        assertThat(parser.yearlessTimestampsRead()).isEqualTo("dated 2025-10-26; 2 of them in an hour the change back "
                + "to standard time repeats, read at its first offset (a line does not say which)");
    }
    @Test
    void journalctl_short_full_lines_alone_are_dated_in_the_note_read_in_the_assumed_zone() {
        // Given: journalctl -o short-full output (a date, a time and a zone abbreviation, CET, which is not read)
        SyslogYearAndZone berlin = SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"),
                Instant.parse("2026-01-02T00:00:00Z"));
        FirewallLineParser parser = new FirewallLineParser(berlin);
        String line = " pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.153 DST=10.0.0.12 LEN=60 PROTO=TCP SPT=40000 "
                + "DPT=8443 SYN ";
        // When: a file of such lines alone is read
        parser.parse("Tue 2024-12-31 23:59:59 CET" + line, Origin.of("journal.txt", 1));
        parser.parse("Wed 2025-01-01 00:00:02 CET" + line, Origin.of("journal.txt", 2));
        // Then: the note gives their dates (before, making it failed: no date had been kept, "Instant exceeds minimum
        // or maximum instant", and parse ended with "unexpected failure", exit 1)
        assertThat(parser.yearlessTimestamps()).isEqualTo(2);
        assertThat(parser.yearlessTimestampsRead()).isEqualTo("dated 2024-12-31 to 2025-01-01; 2 of them wrote their "
                + "year (dmesg -T, journalctl -o short-full, Mmm dd yyyy): only their zone was assumed");
    }
    @Test
    void dmesg_human_readable_times_are_read_in_the_assumed_zone_and_said_in_the_note() {
        // Given: dmesg -T's lines, the local time of the machine dmesg ran on, read here in Berlin's zone
        FirewallLineParser parser = new FirewallLineParser(SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"),
                Instant.parse("2026-01-02T00:00:00Z")));
        String fields = " [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.153 DST=10.0.0.12 LEN=60 PROTO=TCP SPT=40000 DPT=8443 SYN ";
        // When
        parser.parse("[Wed Dec 31 23:59:59 2025]" + fields, Origin.of("dmesg.txt", 1));
        parser.parse("kern  :warn  : [Thu Jan  1 00:00:02 2026]" + fields, Origin.of("dmesg.txt", 2));
        // Then: they are counted, with their dates, for the note on the zone assumed (before, nothing said it), which
        // says their year was theirs, beside an RFC 3164 line's inferred one
        parser.parse("Jan  1 00:00:05 pve1 kernel:" + fields, Origin.of("dmesg.txt", 3));
        assertThat(parser.yearlessTimestamps()).isEqualTo(3);
        assertThat(parser.yearlessTimestampsRead()).isEqualTo("dated 2025-12-31 to 2026-01-01; 2 of them wrote their "
                + "year (dmesg -T, journalctl -o short-full, Mmm dd yyyy): only their zone was assumed");
    }
}
