package ai.thinkheads.droptrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Lines pvefw-logger writes without a flow (its {@code print_iphdr}, {@code print_ip6hdr} and {@code print_pkt}): a
 * header it cannot read is {@code INVALID=IHL} or {@code LEN=n INVALID=LEN} instead of its fields, and a bridged
 * frame that is not IPv4, IPv6 or ARP has nothing after {@code MAC=}. They are dead letters whose reason says so.
 */
class HeaderlessLineTest {

    private static final String HOST_IN = "0 6 PVEFW-HOST-IN 14/Mar/2025:09:19:30 +0100 policy DROP: IN=vmbr0 PHYSIN=eno1 ";
    private static final String MAC_IPV4 = "MAC=3c:ec:ef:10:20:30:00:1b:21:3a:4f:10:08:00 ";
    private static final String MAC_IPV6 = "MAC=3c:ec:ef:10:20:30:00:1b:21:3a:4f:10:86:dd ";

    private final FirewallLineParser parser = new FirewallLineParser(
            SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"), Instant.parse("2025-03-20T00:00:00Z")));

    private String failure(String line) {
        ParseResult result = parser.parse(line, Origin.of("test", 1), Instant.parse("2025-03-20T12:00:00Z"));
        assertThat(result).as(result.toString()).isInstanceOf(ParseResult.Failed.class);
        return ((ParseResult.Failed) result).reason();
    }

    @Test
    void an_ipv4_header_pvefw_logger_could_not_read_says_so_not_that_the_addresses_are_missing() {
        // When: an IP header with nothing after it (nmap's protocol scan sends such), and one shorter than 20 bytes
        String ihl = failure(HOST_IN + MAC_IPV4 + "INVALID=IHL ");
        String len = failure(HOST_IN + MAC_IPV4 + "LEN=12 INVALID=LEN mark=2147483648 ");

        // Then
        assertThat(ihl).isEqualTo("pvefw-logger could not read the packet's IP header (INVALID=IHL) and wrote no SRC= "
                + "and DST=: no flow to make an event of");
        assertThat(len).isEqualTo("pvefw-logger could not read the packet's IP header (INVALID=LEN) and wrote no SRC= "
                + "and DST=: no flow to make an event of");
    }

    @Test
    void an_ipv6_extension_header_cut_short_says_why_there_is_no_protocol() {
        // When
        String reason = failure(HOST_IN + MAC_IPV6 + "SRC=2001:db8::1 DST=2001:db8::2 LEN=64 TC=0 FLOWLBL=0 HOPLIMIT=64 "
                + "NEXTHDR=HOPOPTS LEN=4 INVALID=LEN ");

        // Then
        assertThat(reason).isEqualTo("pvefw-logger could not read the packet's headers after the IP header "
                + "(INVALID=LEN) and wrote no PROTO=: no flow to make an event of");
    }

    @Test
    void a_bridged_frame_that_is_not_ip_names_its_ethertype() {
        // When: an LLDP frame dropped in the bridge family (proxmox-firewall's guest chains)
        String reason = failure("100 6 guest-100-in 14/Mar/2025:09:19:30 +0100 DROP: IN=vmbr0 OUT=vmbr0 PHYSIN=eno1 "
                + "PHYSOUT=tap100i0 MAC=01:80:c2:00:00:0e:00:1b:21:3a:4f:10:88:cc ");

        // Then
        assertThat(reason).isEqualTo("a frame of ethertype 88:cc, not IPv4, IPv6 or ARP: the line names no SRC= and "
                + "DST=, no flow to make an event of");
    }

    @Test
    void a_line_without_addresses_for_no_such_reason_keeps_the_plain_reason() {
        // When
        String reason = failure(HOST_IN + MAC_IPV4 + "LEN=60 TTL=64 PROTO=TCP SPT=1 DPT=2 ");

        // Then
        assertThat(reason).isEqualTo("no SRC= and DST= in the packet fields");
    }
}
