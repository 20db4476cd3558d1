package ai.thinkheads.droptrace.ingest.pve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.ingest.ParseResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PveFirewallLineParserTest {

    private final PveFirewallLineParser parser = new PveFirewallLineParser();

    private FirewallEvent parsed(String line) {
        ParseResult result = parser.parse(line, Origin.of("test", 1));
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event();
    }

    private ParseResult.Failed failed(String line) {
        ParseResult result = parser.parse(line, Origin.of("test", 1));
        assertThat(result).isInstanceOf(ParseResult.Failed.class);
        return (ParseResult.Failed) result;
    }

    @Test
    void a_guest_policy_drop_gives_header_action_and_tcp_fields() {
        // Given
        String line = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 "
                + "PHYSIN=fwln100i0 PHYSOUT=tap100i0 MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:08:00 SRC=198.51.100.7 "
                + "DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=47120 DPT=23 "
                + "SEQ=1729183520 ACK=0 WINDOW=1024 SYN ";
        // When
        FirewallEvent e = parsed(line);
        // Then
        assertThat(e.vmid()).isEqualTo(100);
        assertThat(e.level()).isEqualTo(6);
        assertThat(e.chain()).isEqualTo("tap100i0-IN");
        assertThat(e.time()).isEqualTo(Instant.parse("2025-03-14T08:13:02Z"));
        assertThat(e.zoneOffset()).isEqualTo("+0100");
        assertThat(e.policy()).isTrue();
        assertThat(e.action()).isEqualTo(Action.DROP);
        assertThat(e.message()).isEqualTo("policy DROP");
        assertThat(e.backend()).isEqualTo(Backend.IPTABLES);
        Packet p = e.packet();
        assertThat(p.inInterface()).isEqualTo("fwbr100i0");
        assertThat(p.physOut()).isEqualTo("tap100i0");
        assertThat(p.macDestination()).isEqualTo("bc:24:11:12:34:56");
        assertThat(p.macSource()).isEqualTo("00:1b:21:3a:4f:10");
        assertThat(p.etherType()).isEqualTo("08:00");
        assertThat(p.source()).isEqualTo("198.51.100.7");
        assertThat(p.destination()).isEqualTo("192.0.2.100");
        assertThat(p.length()).isEqualTo(44);
        assertThat(p.ipId()).isEqualTo(54321L);
        assertThat(p.protocol()).isEqualTo("TCP");
        assertThat(p.sourcePort()).isEqualTo(47120);
        assertThat(p.destinationPort()).isEqualTo(23);
        assertThat(p.tcpSequence()).isEqualTo(1729183520L);
        assertThat(p.tcpAck()).isZero();
        assertThat(p.tcpWindow()).isEqualTo(1024);
        assertThat(p.tcpFlags()).containsExactly("SYN");
        assertThat(e.line()).isEqualTo(line);
    }

    @Test
    void a_udp_line_keeps_the_ip_length_apart_from_the_udp_length() {
        FirewallEvent e = parsed("0 6 PVEFW-HOST-OUT 14/Mar/2025:09:22:00 +0100 policy DROP: OUT=vmbr0 "
                + "SRC=192.0.2.10 DST=198.51.100.53 LEN=73 TOS=0x00 PREC=0x00 TTL=64 ID=55012 DF PROTO=UDP "
                + "SPT=41864 DPT=53 LEN=53");
        assertThat(e.packet().length()).isEqualTo(73);
        assertThat(e.packet().udpLength()).isEqualTo(53);
        assertThat(e.packet().ipFlags()).containsExactly("DF");
        assertThat(e.packet().outInterface()).isEqualTo("vmbr0");
        assertThat(e.packet().macSource()).isNull();
    }

    @Test
    void an_icmp_echo_keeps_the_ip_id_apart_from_the_echo_id_and_sequence() {
        FirewallEvent e = parsed("0 6 PVEFW-HOST-IN 14/Mar/2025:09:17:05 +0100 policy DROP: IN=vmbr0 PHYSIN=eno1 "
                + "MAC=3c:ec:ef:10:20:30:00:1b:21:3a:4f:12:08:00 SRC=192.0.2.50 DST=192.0.2.10 LEN=84 TOS=0x00 "
                + "PREC=0x00 TTL=64 ID=28411 DF PROTO=ICMP TYPE=8 CODE=0 ID=4711 SEQ=1 ");
        assertThat(e.packet().ipId()).isEqualTo(28411L);
        assertThat(e.packet().icmpType()).isEqualTo(8);
        assertThat(e.packet().icmpCode()).isZero();
        assertThat(e.packet().icmpId()).isEqualTo(4711L);
        assertThat(e.packet().icmpSequence()).isEqualTo(1L);
        assertThat(e.packet().tcpSequence()).isNull();
    }

    @Test
    void the_rewritten_pvefw_reject_of_an_ipv6_ruleset_is_a_reject() {
        FirewallEvent e = parsed("101 1 tap101i0-IN 20/Jun/2022:13:13:32 +0200 PVEFW-reject: IN=fwbr101i0 "
                + "OUT=fwbr101i0 PHYSIN=fwln101i0 PHYSOUT=tap101i0 MAC=24:8a:07:50:2c:ef:5e:29:c3:7c:13:a3:86:dd "
                + "SRC=2a0a:1580::a DST=2a0a:1580::17 LEN=40 TC=0 FLOWLBL=634336 HOPLIMIT=64 PROTO=TCP SPT=59368 "
                + "DPT=22 SEQ=3146558957 ACK=0 WINDOW=64800 SYN ");
        assertThat(e.action()).isEqualTo(Action.REJECT);
        assertThat(e.policy()).isFalse();
        assertThat(e.message()).isEqualTo("PVEFW-reject");
        assertThat(e.packet().ipVersion()).isEqualTo(6);
        assertThat(e.packet().source()).isEqualTo("2a0a:1580::a");
        assertThat(e.packet().flowLabel()).isEqualTo(634336L);
        assertThat(e.packet().hopLimit()).isEqualTo(64);
        assertThat(e.packet().etherType()).isEqualTo("86:dd");
    }

    @Test
    void a_security_group_line_has_an_empty_message_and_no_action() {
        FirewallEvent e = parsed("0 5 GROUP-security1-IN 20/Jun/2022:15:52:26 +0200 IN=fwbr101i0 OUT=fwbr101i0 "
                + "PHYSIN=fwln101i0 PHYSOUT=tap101i0 MAC=a2:1b:bb:df:61:a5:6e:68:28:cc:2a:0c:08:00 SRC=10.3.95.34 "
                + "DST=10.3.95.200 LEN=60 TOS=0x10 PREC=0x00 TTL=63 ID=8526 DF PROTO=TCP SPT=51606 DPT=22 "
                + "SEQ=3720078294 ACK=0 WINDOW=64240 SYN");
        assertThat(e.message()).isEmpty();
        assertThat(e.action()).isNull();
        assertThat(e.isBlock()).isFalse();
        assertThat(e.chain()).isEqualTo("GROUP-security1-IN");
    }

    @Test
    void the_old_reject_policy_prefix_without_a_space_still_parses() {
        FirewallEvent e = parsed("232 6 tap232i1-IN 05/Feb/2019:10:59:28 +0100 policy REJECT:IN=fwbr232i1 "
                + "OUT=fwbr232i1 PHYSIN=fwln232i1 PHYSOUT=tap232i1 SRC=10.1.1.1 DST=10.1.1.2 LEN=60 PROTO=TCP "
                + "SPT=1 DPT=2 SEQ=1 ACK=0 WINDOW=1 SYN ");
        assertThat(e.action()).isEqualTo(Action.REJECT);
        assertThat(e.policy()).isTrue();
        assertThat(e.packet().inInterface()).isEqualTo("fwbr232i1");
    }

    @Test
    void logger_status_lines_are_recognised_and_the_skip_count_is_kept() {
        ParseResult start = parser.parse("0 5 - 16/Nov/2021:09:28:09 +0100 starting pvefw logger", Origin.of("t", 1));
        ParseResult skip = parser.parse("0 3 - 14/Mar/2025:09:23:00 +0100 skipped 312 log entries (queue full)",
                Origin.of("t", 2));
        assertThat(start).isInstanceOf(ParseResult.Status.class);
        assertThat(((ParseResult.Status) start).text()).isEqualTo("starting pvefw logger");
        assertThat(((ParseResult.Status) skip).skipped()).isEqualTo(312);
        assertThat(((ParseResult.Status) skip).level()).isEqualTo(3);
    }

    @Test
    void an_nftables_backend_line_is_detected_from_its_chain() {
        FirewallEvent e = parsed("100 2 guest-100-in 14/Mar/2025:10:00:00 +0100 DROP: IN=vmbr0 OUT=vmbr0 "
                + "PHYSIN=eno1 PHYSOUT=tap100i0 SRC=198.51.100.7 DST=192.0.2.100 LEN=60 TOS=0x00 PREC=0x00 TTL=52 "
                + "ID=1 DF PROTO=TCP SPT=40000 DPT=22 SEQ=1 ACK=0 WINDOW=64240 SYN ");
        assertThat(e.backend()).isEqualTo(Backend.NFTABLES);
        assertThat(e.action()).isEqualTo(Action.DROP);
    }

    @Test
    void an_over_long_pve_prefix_printed_raw_is_read_back() {
        FirewallEvent e = parsed("0 6 - 14/Mar/2025:10:00:00 +0100 :100:6:tap100i0-IN: policy DROP: IN=fwbr100i0 "
                + "SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=2 SEQ=1 ACK=0 WINDOW=1 SYN ");
        assertThat(e.vmid()).isEqualTo(100);
        assertThat(e.chain()).isEqualTo("tap100i0-IN");
        assertThat(e.action()).isEqualTo(Action.DROP);
        assertThat(e.policy()).isTrue();
    }

    @Test
    void a_raw_prefix_whose_vmid_is_beyond_any_guest_is_a_foreign_prefix_not_a_crash() {
        // Given: ten digits, read as an int they overflowed (3000000000 to -1294967296, 4294967396 to 100)
        for (String vmid : new String[] {"3000000000", "4294967396"}) {
            // When
            FirewallEvent e = parsed("0 6 - 14/Mar/2025:10:00:00 +0100 :" + vmid + ":6:tap100i0-IN: policy DROP: "
                    + "IN=fwbr100i0 SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=2 SEQ=1 ACK=0 WINDOW=1 SYN ");
            // Then: no guest's event, the prefix kept whole as the message
            assertThat(e.vmid()).isZero();
            assertThat(e.chain()).isEqualTo("-");
            assertThat(e.backend()).isEqualTo(Backend.KERNEL);
            assertThat(e.message()).isEqualTo(":" + vmid + ":6:tap100i0-IN: policy DROP:");
        }
        // and the largest vmid an int holds is still read back
        assertThat(parsed("0 6 - 14/Mar/2025:10:00:00 +0100 :2147483647:6:tap100i0-IN: DROP: IN=fwbr100i0 "
                + "SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=UDP SPT=1 DPT=2 LEN=40").vmid()).isEqualTo(2147483647);
    }

    @Test
    void a_foreign_prefix_glued_onto_the_fields_is_kept_as_the_message() {
        FirewallEvent e = parsed("0 6 - 14/Mar/2025:10:00:00 +0100 fooIN=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=60 "
                + "PROTO=UDP SPT=1 DPT=2 LEN=40");
        assertThat(e.message()).isEqualTo("foo");
        assertThat(e.packet().inInterface()).isEqualTo("eth0");
        assertThat(e.backend()).isEqualTo(Backend.KERNEL);
        assertThat(e.action()).isNull();
    }

    @Test
    void a_mark_glued_onto_the_udp_length_is_split_off() {
        FirewallEvent e = parsed("100 6 tap100i0-OUT 14/Mar/2025:10:00:00 +0100 ACCEPT: IN=fwbr100i0 SRC=10.0.0.1 "
                + "DST=10.0.0.2 LEN=78 PROTO=UDP SPT=1 DPT=2 LEN=58mark=2147483648 ");
        assertThat(e.packet().udpLength()).isEqualTo(58);
        assertThat(e.packet().mark()).isEqualTo(2147483648L);
    }

    @Test
    void malformed_lines_fail_with_a_reason_and_keep_the_raw_line() {
        assertThat(failed("pvefw-logger: nfq_open failed").reason()).contains("no vmid");
        assertThat(failed("0 5 - 14/Mar/2025:09:23:00 +0100 skipped many log entries (queue full)").reason())
                .contains("skip notice without a count");
        assertThat(failed("0 5 - 14/Mar/2025:09:23:00 +0100 skipped -1 log entries (queue full)").reason())
                .contains("skip notice without a count");
        assertThat(failed("0 5 - 14/Mar/2025:09:23:00 +0100 skipped +3 log entries (queue full)").reason())
                .contains("skip notice without a count");
        assertThat(failed("102 6 veth102i0-IN 20/Nov/2025:09:05:31 -0500 policy DROP: IN=fwbr102i0 SRC=10.0.0.1 "
                + "DST=10.0.0.2 LEN=60 PROTO=A|B ").reason()).isEqualTo("PROTO is not a protocol name or number: 'A|B'");
        assertThat(failed("102 6 veth102i0-IN 31/Nov/2025:09:05:31 -0500 policy DROP: SRC=1.1.1.1 DST=2.2.2.2 PROTO=TCP")
                .reason()).contains("bad timestamp");
        assertThat(failed("102 9 veth102i0-IN 20/Nov/2025:09:05:31 -0500 x").reason()).contains("log level");
        assertThat(failed("102 6 veth102i0-IN 20/Nov/2025:09:05:31 -0500 policy DROP: IN=fwbr102i0 SRC=10.0.0.1")
                .reason()).contains("DST=");
        assertThat(failed("102 6 veth102i0-IN 20/Nov/2025:09:05:31 -0500 policy DROP: SRC=1.1.1.1 DST=2.2.2.2 "
                + "PROTO=TCP DPT=99999").reason()).contains("DPT is not a port");
        assertThat(failed("").line()).isEmpty();
    }

    @Test
    void a_word_that_is_not_ascii_is_never_taken_for_a_flag() {
        // Given a flag word whose last character only shares its low byte with 'N' (U+114E)
        String line = "0 6 PVEFW-HOST-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=vmbr0 SRC=198.51.100.7 "
                + "DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=47120 DPT=23 "
                + "SEQ=1729183520 ACK=0 WINDOW=1024 SY\u114e ACK ";
        // When
        FirewallEvent e = parsed(line);
        // Then
        assertThat(e.packet().tcpFlags()).containsExactly("ACK");
    }

    @Test
    void values_that_only_start_like_the_usual_ones_are_read_whole() {
        // Given: the shortcuts for TCP/UDP, 0x00 and the usual ether types must not cut these short
        String header = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 ";
        String mac = "MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:";
        // When
        Packet udplite = parsed(header + mac + "08:01 SRC=10.0.0.1 DST=10.0.0.2 LEN=44 TOS=0x000 PREC=0x0 "
                + "TTL=1 ID=1 PROTO=UDPLITE SPT=1 DPT=2 LEN=24").packet();
        Packet tcpx = parsed(header + mac + "86:de SRC=10.0.0.1 DST=10.0.0.2 LEN=44 TOS=0x00 PREC=0x01 TTL=1 "
                + "ID=1 PROTO=TCPX SPT=1 DPT=2 SYN").packet();
        Packet udpAtTheEnd = parsed(header + mac + "08:00 SRC=10.0.0.1 DST=10.0.0.2 LEN=44 TOS=0x00 PREC=0x00 "
                + "TTL=1 ID=1 PROTO=UDP").packet();
        // Then
        assertThat(udplite.etherType()).isEqualTo("08:01");
        assertThat(udplite.tos()).isEqualTo("0x000");
        assertThat(udplite.precedence()).isEqualTo("0x0");
        assertThat(udplite.protocol()).isEqualTo("UDPLITE");
        assertThat(udplite.udpLength()).isEqualTo(24);
        assertThat(tcpx.etherType()).isEqualTo("86:de");
        assertThat(tcpx.precedence()).isEqualTo("0x01");
        assertThat(tcpx.protocol()).isEqualTo("TCPX");
        assertThat(tcpx.tcpFlags()).as("flags are TCP's only").isNull();
        assertThat(udpAtTheEnd.protocol()).isEqualTo("UDP");
        assertThat(udpAtTheEnd.ipVersion()).isEqualTo(4);
    }
}
