package ai.thinkheads.droptrace.ingest.pve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A link-layer header of the wrong shape is a corrupt line, not a packet with made-up MACs. The digits of pvefw-logger's
 * {@code MAC=} are not checked on every line (its shape is); the kernel's {@code MACSRC=}/{@code MACDST=} are.
 */
class MacFieldTest {

    private static final String HEADER = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 "
            + "OUT=fwbr100i0 PHYSIN=fwln100i0 PHYSOUT=tap100i0 ";
    private static final String PACKET = " SRC=198.51.100.7 DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 "
            + "PROTO=TCP SPT=47120 DPT=23 SEQ=1 ACK=0 WINDOW=1024 SYN ";

    private final FirewallLineParser parser = new FirewallLineParser(
            SyslogYearAndZone.of(null, ZoneOffset.UTC, Instant.parse("2025-03-20T00:00:00Z")));

    private ParseResult parse(String line) {
        return parser.parse(line, Origin.of("test", 1), Instant.parse("2025-03-20T12:00:00Z"));
    }

    private String reason(String line) {
        ParseResult result = parse(line);
        assertThat(result).as(line).isInstanceOf(ParseResult.Failed.class);
        return ((ParseResult.Failed) result).reason();
    }

    private Packet packet(String line) {
        ParseResult result = parse(line);
        assertThat(result).as(line).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event().packet();
    }

    @Test
    void a_mac_field_not_made_of_whole_colon_separated_bytes_is_a_dead_letter() {
        // When / Then: before, a MAC= of another shape was left out of the event without a word
        assertThat(reason(HEADER + "MAC=bc:24:11:12:34:56-00:1b:21:3a:4f:10:08:00" + PACKET))
                .isEqualTo("MAC is not colon-separated hexadecimal bytes: 'bc:24:11:12:34:56-00:1b:21:3a:4f:10:08:00'");
        assertThat(reason(HEADER + "MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:08:00:4" + PACKET)).startsWith("MAC is not");
        assertThat(reason(HEADER + "MAC=bc:24:11:12:34:56:00:1b" + PACKET)).startsWith("MAC is not");
        assertThat(reason(HEADER + "MAC=bc:24:11:12:34:zz" + PACKET)).startsWith("MAC is not");
    }

    @Test
    void a_kernel_macsrc_or_macdst_that_is_not_a_mac_address_is_a_dead_letter() {
        // When / Then
        assertThat(reason("[812.5] br-drop: IN=vmbr0 OUT=vmbr0 MACSRC=bc:24:11:dd:ee:zz MACDST=bc:24:11:aa:bb:cc "
                + "MACPROTO=0800 SRC=10.0.0.5 DST=10.0.0.7 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40 "))
                .isEqualTo("MACSRC is not a MAC address: 'bc:24:11:dd:ee:zz'");
        assertThat(reason("[812.5] br-drop: IN=vmbr0 OUT=vmbr0 MACSRC=bc:24:11:dd:ee:ff MACDST=bc:24:11:aa:bb "
                + "MACPROTO=0800 SRC=10.0.0.5 DST=10.0.0.7 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40 "))
                .isEqualTo("MACDST is not a MAC address: 'bc:24:11:aa:bb'");
    }

    @Test
    void hexadecimal_macs_of_any_case_and_length_still_parse() {
        // When
        Packet upper = packet(HEADER + "MAC=BC:24:11:12:34:56:00:1B:21:3A:4F:10:08:00" + PACKET);
        Packet longer = packet(HEADER + "MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:08:00:45:00" + PACKET);
        Packet kernelEmpty = packet("[812.5] wg-drop: IN=wg0 OUT= MAC= SRC=10.0.0.5 DST=10.0.0.7 LEN=60 TOS=0x00 "
                + "PREC=0x00 TTL=64 ID=1 PROTO=UDP SPT=1 DPT=53 LEN=40 ");
        // Then
        assertThat(upper.macDestination()).isEqualTo("BC:24:11:12:34:56");
        assertThat(longer.macSource()).isEqualTo("00:1b:21:3a:4f:10");
        assertThat(longer.etherType()).isEqualTo("08:00");
        assertThat(kernelEmpty.macDestination()).isNull();
        assertThat(kernelEmpty.destinationPort()).isEqualTo(53);
    }
}
