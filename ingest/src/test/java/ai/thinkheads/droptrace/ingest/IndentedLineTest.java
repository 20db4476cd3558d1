package ai.thinkheads.droptrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class IndentedLineTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-20T12:00:00Z");
    private static final String PVE = "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 "
            + "OUT=fwbr100i0 SRC=10.0.0.5 DST=10.0.0.7 LEN=60 PROTO=TCP SPT=40000 DPT=443 SYN ";
    private final FirewallLineParser parser = new FirewallLineParser(
            SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"), Instant.parse("2025-03-20T00:00:00Z")));

    private FirewallEvent parsed(String line) {
        ParseResult result = parser.parse(line, Origin.of("test", 7), RECEIVED);
        assertThat(result).as(result.toString()).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event();
    }

    @Test
    void a_pve_line_with_white_space_or_a_line_number_before_it_is_the_pve_line() {
        // Given: a line copied indented from a mail or a note, and what cat -n and nl put in front of it
        for (String before : new String[] {" ", "    ", "\t", " \t ", "     1\t", "    12\t", "1\t"}) {
            // When
            FirewallEvent e = parsed(before + PVE);
            // Then: its own vmid, chain, action and time, not a kernel line timed by its reading
            assertThat(e.vmid()).as("'%s'", before).isEqualTo(100);
            assertThat(e.chain()).as("'%s'", before).isEqualTo("tap100i0-IN");
            assertThat(e.action()).isEqualTo(Action.DROP);
            assertThat(e.backend()).isEqualTo(Backend.IPTABLES);
            assertThat(e.time()).isEqualTo(Instant.parse("2025-03-14T08:20:15Z"));
            assertThat(e.line()).isEqualTo(PVE);
        }
    }

    @Test
    void an_indented_syslog_line_keeps_its_time_and_host() {
        // When
        FirewallEvent e = parsed("  Mar 14 09:12:44 pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 "
                + "LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ");
        // Then
        assertThat(e.host()).isEqualTo("pve1");
        assertThat(e.message()).isEqualTo("[UFW BLOCK]");
        assertThat(e.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44Z"));
    }

    @Test
    void an_indented_malformed_pve_line_fails_for_what_is_wrong_with_it() {
        // When
        ParseResult result = parser.parse("  " + PVE.replace("14/Mar/2025", "14/Foo/2025"), Origin.of("test", 7), RECEIVED);
        // Then
        assertThat(result).isInstanceOf(ParseResult.Failed.class);
        assertThat(((ParseResult.Failed) result).reason()).contains("timestamp");
    }

    @Test
    void an_indented_bare_kernel_line_and_a_conntrack_line_stay_what_they_are() {
        // When
        FirewallEvent kernel = parsed("  [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ");
        ParseResult conntrack = parser.parse("    [NEW] ipv4     2 tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 "
                + "sport=1 dport=22 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=22 dport=1", Origin.of("test", 7), RECEIVED);
        // Then
        assertThat(kernel.time()).isEqualTo(RECEIVED);
        assertThat(kernel.packet().destinationPort()).isEqualTo(22);
        assertThat(conntrack).isInstanceOf(ParseResult.Status.class);
    }
}
