package ai.thinkheads.droptrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Two lines whose line end was lost in between (a writer that ends lines with a bare CR, read by the tail or a TCP
 * receiver, which end lines at LF; a line a crash or a full disk cut short before the next was appended; a sender's
 * wrong octet count) are one dead letter that says so: read as one line, they were an event with the addresses of
 * the first and the ports of the second, and the second line was lost without a word.
 */
class RunTogetherLinesTest {

    private static final String GUEST_IN = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 "
            + "OUT=fwbr100i0 PHYSIN=fwln100i0 PHYSOUT=tap100i0 MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:08:00 "
            + "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=47120 DPT=23 "
            + "SEQ=1729183520 ACK=0 WINDOW=1024 SYN ";
    private static final String HOST_IN = "0 6 PVEFW-HOST-IN 14/Mar/2025:09:12:44 +0100 policy DROP: IN=vmbr0 PHYSIN=eno1 "
            + "MAC=3c:ec:ef:10:20:30:00:1b:21:3a:4f:10:08:00 SRC=203.0.113.45 DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 "
            + "TTL=52 ID=40123 DF PROTO=TCP SPT=51514 DPT=3389 SEQ=2849271612 ACK=0 WINDOW=64240 SYN ";
    private static final String HOST_OUT = "0 6 PVEFW-HOST-OUT 14/Mar/2025:09:22:00 +0100 policy DROP: OUT=vmbr0 "
            + "SRC=192.0.2.10 DST=198.51.100.53 LEN=73 TOS=0x00 PREC=0x00 TTL=64 ID=55012 DF PROTO=UDP SPT=41864 DPT=53 "
            + "LEN=53";
    private static final String KERNEL = "<4>Mar 14 09:12:44 pve1 kernel: [UFW BLOCK] IN=eth0 OUT= "
            + "MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=10.0.0.1 DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 "
            + "ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0 ";

    private final FirewallLineParser parser = new FirewallLineParser(
            SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"), Instant.parse("2025-03-20T00:00:00Z")));

    private ParseResult parse(String line) {
        return parser.parse(line, Origin.of("test", 1), Instant.parse("2025-03-20T12:00:00Z"));
    }

    private String failure(String line) {
        ParseResult result = parse(line);
        assertThat(result).as(result.toString()).isInstanceOf(ParseResult.Failed.class);
        return ((ParseResult.Failed) result).reason();
    }

    @Test
    void two_pve_lines_with_a_bare_carriage_return_between_them_are_one_dead_letter_not_an_event_of_both() {
        // When: the second line's PROTO= and ports come after the first one's
        String reason = failure(GUEST_IN + "\r" + HOST_IN);

        // Then
        assertThat(reason).isEqualTo("two log lines run together in one (a second IN= in it): a line end was lost, "
                + "so neither line is read as an event");
    }

    @Test
    void a_line_cut_short_anywhere_before_the_next_one_is_appended_is_a_dead_letter_that_says_so() {
        // When: cut in its ports, in its addresses, and before its addresses (a HOST-OUT line has no IN=)
        String inPorts = failure(GUEST_IN.substring(0, GUEST_IN.indexOf("DPT=")) + HOST_IN);
        String inAddresses = failure(GUEST_IN.substring(0, GUEST_IN.indexOf("LEN=")) + HOST_IN);
        String beforeAddresses = failure(HOST_OUT.substring(0, HOST_OUT.indexOf("SRC=")) + HOST_IN);

        // Then
        assertThat(inPorts).startsWith("two log lines run together in one (a second IN= in it)");
        assertThat(inAddresses).startsWith("two log lines run together in one (a second IN= in it)");
        assertThat(beforeAddresses).startsWith("two log lines run together in one (a second IN= in it)");
    }

    @Test
    void a_second_address_or_protocol_without_a_second_in_is_read_as_lines_run_together_too() {
        // When: the rest of a line whose header was lost (a wrong octet count) runs into the next one's fields
        String src = failure(HOST_OUT + " SRC=10.0.0.9 DST=10.0.0.2 PROTO=TCP SPT=1 DPT=80");
        String proto = failure(HOST_OUT + " PROTO=TCP SPT=1 DPT=80");
        String srcBeforeProto = failure(HOST_OUT.substring(0, HOST_OUT.indexOf("PROTO=")) + "SRC=10.0.0.9 PROTO=TCP");

        // Then
        assertThat(src).startsWith("two log lines run together in one (a second SRC= in it)");
        assertThat(proto).startsWith("two log lines run together in one (a second PROTO= in it)");
        assertThat(srcBeforeProto).startsWith("two log lines run together in one (a second SRC= in it)");
    }

    @Test
    void two_kernel_lines_in_one_syslog_message_are_one_dead_letter() {
        // When
        String reason = failure(KERNEL + "\r" + KERNEL.replace("SRC=10.0.0.1", "SRC=10.9.9.9").replace("DPT=22", "DPT=80"));

        // Then
        assertThat(reason).startsWith("two log lines run together in one");
    }

    @Test
    void the_packet_a_kernel_icmp_error_carries_in_brackets_is_not_a_second_line() {
        // When: the kernel writes the packet an ICMP error is about, with its own SRC= and PROTO=, in brackets
        ParseResult result = parse("<4>Mar 14 09:12:44 pve1 kernel: [UFW BLOCK] IN=eth0 OUT= "
                + "MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=10.0.0.1 DST=10.0.0.2 LEN=88 TOS=0x00 PREC=0x00 "
                + "TTL=64 ID=7 PROTO=ICMP TYPE=3 CODE=3 [SRC=10.0.0.2 DST=10.0.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 "
                + "ID=8 DF PROTO=UDP SPT=5353 DPT=5353 LEN=40 ] ");

        // Then
        assertThat(result).as(result.toString()).isInstanceOf(ParseResult.Parsed.class);
        assertThat(((ParseResult.Parsed) result).event().packet().source()).isEqualTo("10.0.0.1");
    }
}
