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
 * A crash can leave the end of a line unwritten, the file system's padding reading as NUL bytes up to where the file
 * ended, and the logger appends its next line after them, on the same line. Read as one line, it was an event of the
 * cut line's time with the next line's packet, or a dead letter that blamed pvefw-logger's 508-byte cut.
 */
class PaddedLineTest {

    private static final String CUT = "102 6 veth102i0-IN 03/Nov/2025:10:01:00 +0100 policy DROP: IN=fwbr102i0 OUT=fwbr102i0 "
            + "PHYSIN=fwln102i0 PHYSOUT=veth102i0 SRC=10.0.0.153 DST=10.0.0.12 LEN=60 TTL=64 ID=1 PROTO=TCP SPT=40001 "
            + "DPT=8443 SYN ";
    private static final String NEXT = "102 6 veth102i0-IN 03/Nov/2025:10:02:00 +0100 policy DROP: IN=fwbr102i0 "
            + "OUT=fwbr102i0 SRC=10.0.0.153 DST=10.0.0.12 LEN=60 TTL=64 ID=2 PROTO=TCP SPT=40002 DPT=8443 SYN ";
    private final FirewallLineParser parser = new FirewallLineParser(
            SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"), Instant.parse("2025-11-20T00:00:00Z")));

    private ParseResult parse(String line) {
        return parser.parse(line, Origin.of("pve-firewall.log", 2), Instant.parse("2025-11-20T12:00:00Z"));
    }

    private static String padded(int kept, int nuls) {
        return CUT.substring(0, kept) + "\u0000".repeat(nuls) + NEXT;
    }

    @Test
    void a_line_cut_by_a_crash_then_padding_then_the_next_line_is_a_dead_letter_that_says_so_wherever_it_was_cut() {
        // Given the line cut in its chain, its timestamp, its message, its fields, with a little padding or a block of it
        for (int kept : new int[] {10, 30, 60, 70, 150}) {
            for (int nuls : new int[] {1, 100, 4096}) {
                String line = padded(kept, nuls);
                // When
                ParseResult result = parse(line);
                // Then: not the cut line's time with the next line's packet, nor pvefw-logger's cut entry
                assertThat(result).as("%d kept, %d NUL bytes: %s", kept, nuls, result)
                        .isInstanceOf(ParseResult.Failed.class);
                ParseResult.Failed failed = (ParseResult.Failed) result;
                assertThat(failed.reason()).as("%d kept, %d NUL bytes", kept, nuls)
                        .isEqualTo(PveFirewallLineParser.PADDED);
                assertThat(failed.line()).isEqualTo(line);
            }
        }
    }

    @Test
    void a_status_line_cut_by_a_crash_is_told_too_and_whole_lines_and_pvefw_loggers_cut_entry_are_as_before() {
        // Given
        String status = "0 5 - 03/Nov/2025:10:00:00 +0100 starting pv" + "\u0000".repeat(300)
                + "0 5 - 03/Nov/2025:10:05:00 +0100 starting pvefw logger";
        String cutEntry = (CUT + "x".repeat(600)).substring(0, PveFirewallLineParser.CUT_AT) + "\u0000\u0021" + NEXT;
        // When / Then
        assertThat(((ParseResult.Failed) parse(status)).reason()).isEqualTo(PveFirewallLineParser.PADDED);
        assertThat(((ParseResult.Failed) parse(cutEntry)).reason()).isEqualTo(PveFirewallLineParser.CUT);
        assertThat(parse(CUT)).isInstanceOf(ParseResult.Parsed.class);
        assertThat(parse("\u0000".repeat(100) + NEXT)).as("padding at the start of a line is not part of it")
                .isInstanceOf(ParseResult.Parsed.class);
    }
}
