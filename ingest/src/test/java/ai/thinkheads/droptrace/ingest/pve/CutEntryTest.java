package ai.thinkheads.droptrace.ingest.pve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * pvefw-logger formats an entry into 508 bytes: one that does not fit is cut at 507 characters and a NUL byte,
 * its line end is never added, and it writes its computed length, so bytes of its memory follow and the next
 * entry is glued onto the same line.
 */
class CutEntryTest {

    /** 523 characters: pvefw-logger cut it after {@code GATEWAY=...}, at 507, where its mark begins. */
    private static final String LONG = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 "
            + "OUT=fwbr100i0 PHYSIN=fwln100i0 PHYSOUT=tap100i0 MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:86:dd "
            + "SRC=2001:db8:1234:5678:9abc:def0:1234:5678 DST=2001:db8:8765:4321:fedc:ba98:7654:3210 LEN=40 TC=0 "
            + "FLOWLBL=431122 HOPLIMIT=57 NEXTHDR=HOPOPTS NEXTHDR=DSTOPTS TYPE=2 SEGMENTS=1HOME=2001:db8:aaaa:bbbb:cccc:"
            + "dddd:eeee:ffff FRAG=0 ID=1234567890 MF PROTO=ICMPV6 TYPE=137 CODE=0 TARGET=2001:db8:1111:2222:3333:4444:"
            + "5555:6666 GATEWAY=fe80::1:2:3:4567 mark=2147483648 ";
    private static final String NEXT = "101 6 tap101i0-IN 14/Mar/2025:09:13:03 +0100 policy DROP: IN=fwbr101i0 "
            + "SRC=198.51.100.7 DST=192.0.2.101 LEN=44 PROTO=UDP SPT=1 DPT=53 LEN=24";
    private final FirewallLineParser parser = new FirewallLineParser(
            SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"), Instant.parse("2025-03-20T00:00:00Z")));

    private ParseResult parse(String line) {
        return parser.parse(line, Origin.of("test", 1), Instant.parse("2025-03-20T12:00:00Z"));
    }

    @Test
    void an_entry_pvefw_logger_cut_with_the_next_one_glued_on_is_a_dead_letter_not_an_event_of_both() {
        // Given: the entry cut at 507 characters where a field ends, the NUL, two bytes of memory, the next entry
        assertThat(LONG.length()).isGreaterThan(507);
        String cutAtField = LONG.substring(0, 507);
        String line = cutAtField + "\u0000\u0021\u0002" + NEXT;
        // When
        ParseResult result = parse(line);
        // Then: not vmid 100's packet with the next entry's fields read over its own, the next entry not lost unsaid
        assertThat(result).as(result.toString()).isInstanceOf(ParseResult.Failed.class);
        ParseResult.Failed failed = (ParseResult.Failed) result;
        assertThat(failed.reason()).contains("pvefw-logger cut this entry at 507 characters")
                .contains("the next entry");
        assertThat(failed.line()).isEqualTo(line);
    }

    @Test
    void a_cut_entry_after_a_grep_prefix_is_told_too_and_a_whole_long_line_is_still_read() {
        // Given
        String prefixed = "/var/log/pve-firewall.log.1:" + LONG.substring(0, 507) + "\u0000" + NEXT;
        // When
        ParseResult cut = parse(prefixed);
        ParseResult whole = parse(LONG);
        // Then
        assertThat(cut).as(cut.toString()).isInstanceOf(ParseResult.Failed.class);
        assertThat(((ParseResult.Failed) cut).reason()).contains("pvefw-logger cut this entry");
        assertThat(whole).as(whole.toString()).isInstanceOf(ParseResult.Parsed.class);
        assertThat(((ParseResult.Parsed) whole).event().packet().mark()).isEqualTo(2147483648L);
    }
}
