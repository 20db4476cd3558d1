package ai.thinkheads.droptrace.ingest.pve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.ingest.ParseResult;
import org.junit.jupiter.api.Test;

/** A value wider than its header field cannot come from a packet: the line is a dead letter naming it. */
class FieldWidthTest {

    private static final String HEADER = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 "
            + "OUT=fwbr100i0 PHYSIN=fwln100i0 PHYSOUT=tap100i0 MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:08:00 ";

    private final PveFirewallLineParser parser = new PveFirewallLineParser();

    private ParseResult parse(String fields) {
        return parser.parse(HEADER + fields, Origin.of("test", 1));
    }

    private String reason(String fields) {
        ParseResult result = parse(fields);
        assertThat(result).as(fields).isInstanceOf(ParseResult.Failed.class);
        return ((ParseResult.Failed) result).reason();
    }

    private Packet packet(String fields) {
        ParseResult result = parse(fields);
        assertThat(result).as(fields).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event().packet();
    }

    @Test
    void tcp_numbers_above_32_bits_are_dead_letters_and_the_largest_ones_are_kept() {
        // Given
        String tcp = "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP "
                + "SPT=47120 DPT=23 ";
        // When / Then
        assertThat(reason(tcp + "SEQ=4294967296 ACK=0 WINDOW=1024 SYN "))
                .isEqualTo("SEQ is above 4294967295: '4294967296'");
        assertThat(reason(tcp + "SEQ=1 ACK=99999999999 WINDOW=1024 ACK ")).isEqualTo("ACK is above 4294967295: '99999999999'");
        assertThat(reason(tcp + "SEQ=1 ACK=0 WINDOW=65536 SYN ")).isEqualTo("WINDOW is above 65535: '65536'");
        assertThat(reason(tcp + "SEQ=1 ACK=0 WINDOW=1 URG URGP=99999999999 ")).startsWith("URGP is above 65535");
        Packet largest = packet(tcp + "SEQ=4294967295 ACK=4294967295 WINDOW=65535 URG ACK URGP=65535 ");
        assertThat(largest.tcpSequence()).isEqualTo(4294967295L);
        assertThat(largest.tcpAck()).isEqualTo(4294967295L);
        assertThat(largest.tcpWindow()).isEqualTo(65535);
        assertThat(largest.urgentPointer()).isEqualTo(65535);
    }

    @Test
    void lengths_too_large_for_an_int_were_dropped_from_the_event_and_are_now_the_reason() {
        // When / Then: before, LEN=3000000000 gave an event without a length, the value lost without a word
        assertThat(reason("SRC=198.51.100.7 DST=192.0.2.100 LEN=3000000000 TOS=0x00 PREC=0x00 TTL=241 ID=1 "
                + "PROTO=TCP SPT=1 DPT=2 SEQ=1 ACK=0 WINDOW=1 SYN ")).isEqualTo("LEN is above 65535: '3000000000'");
        assertThat(reason("SRC=198.51.100.7 DST=192.0.2.100 LEN=44 TTL=241 ID=1 PROTO=UDP SPT=1 DPT=2 "
                + "LEN=99999999999")).isEqualTo("LEN is above 65535: '99999999999'");
        assertThat(packet("SRC=198.51.100.7 DST=192.0.2.100 LEN=65535 TTL=241 ID=65535 PROTO=UDP SPT=1 DPT=2 "
                + "LEN=65535").udpLength()).isEqualTo(65535);
    }

    @Test
    void ip_and_icmp_fields_wider_than_their_header_fields_or_32_bits_are_dead_letters() {
        // Given
        String v4 = "SRC=198.51.100.7 DST=192.0.2.100 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ";
        // When / Then
        assertThat(reason(v4 + "ID=4294967296 PROTO=UDP SPT=1 DPT=2 LEN=8")).isEqualTo("ID is above 4294967295: '4294967296'");
        assertThat(reason(v4 + "ID=1 PROTO=ICMP TYPE=99999 CODE=0 ID=1 SEQ=1 ")).isEqualTo("TYPE is above 255: '99999'");
        assertThat(reason(v4 + "ID=1 PROTO=ICMP TYPE=8 CODE=300 ID=1 SEQ=1 ")).isEqualTo("CODE is above 255: '300'");
        assertThat(reason(v4 + "ID=1 PROTO=ICMP TYPE=8 CODE=0 ID=4294967296 SEQ=1 "))
                .isEqualTo("ID is above 4294967295: '4294967296'");
        assertThat(reason(v4 + "ID=1 PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=99999999999 "))
                .isEqualTo("SEQ is above 4294967295: '99999999999'");
        assertThat(reason("SRC=198.51.100.7 DST=192.0.2.100 LEN=84 TOS=0x00 PREC=0x00 TTL=300 ID=1 PROTO=ICMP "
                + "TYPE=8 CODE=0 ID=1 SEQ=1 ")).isEqualTo("TTL is above 255: '300'");
        assertThat(reason(v4 + "ID=1 PROTO=UDP SPT=1 DPT=2 LEN=8mark=4294967296"))
                .isEqualTo("mark is above 4294967295: '4294967296'");
        assertThat(reason("SRC=2001:db8::5 DST=2001:db8::6 LEN=40 TC=256 FLOWLBL=0 HOPLIMIT=57 PROTO=TCP SPT=1 "
                + "DPT=2 SEQ=1 ACK=0 WINDOW=1 SYN ")).isEqualTo("TC is above 255: '256'");
        assertThat(reason("SRC=2001:db8::5 DST=2001:db8::6 LEN=40 TC=0 FLOWLBL=1048576 HOPLIMIT=57 PROTO=TCP SPT=1 "
                + "DPT=2 SEQ=1 ACK=0 WINDOW=1 SYN ")).isEqualTo("FLOWLBL is above 1048575: '1048576'");
    }

    @Test
    void a_protocol_number_above_255_is_a_dead_letter_and_names_still_parse() {
        // Given
        String v4 = "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 TTL=64 ID=1 PROTO=";
        // When / Then: before, PROTO=256 gave an event of protocol '256', a flow no packet can have
        assertThat(reason(v4 + "256 ")).isEqualTo("PROTO is not a protocol name or number: '256'");
        assertThat(reason(v4 + "2560 ")).isEqualTo("PROTO is not a protocol name or number: '2560'");
        assertThat(reason(v4 + "99999999999 ")).isEqualTo("PROTO is not a protocol name or number: '99999999999'");
        assertThat(packet(v4 + "255 ").protocol()).isEqualTo("255");
        assertThat(packet(v4 + "47 ").protocol()).isEqualTo("47");
        assertThat(packet(v4 + "PIM ").protocol()).isEqualTo("PIM");
        assertThat(packet(v4 + "IPV6-ICMP ").protocol()).isEqualTo("IPV6-ICMP");
        assertThat(packet(v4 + "MPLS-IN-IP ").protocol()).isEqualTo("MPLS-IN-IP");
    }

    @Test
    void an_ipv6_fragment_id_keeps_its_32_bits() {
        // When
        Packet p = packet("SRC=2001:db8::5 DST=2001:db8::6 LEN=1240 TC=0 FLOWLBL=1 HOPLIMIT=64 FRAG=1232 "
                + "ID=4294967295 PROTO=UDP SPT=1 DPT=2 LEN=8");
        // Then
        assertThat(p.ipId()).isEqualTo(4294967295L);
        assertThat(p.fragmentOffset()).isEqualTo(1232);
    }
}
