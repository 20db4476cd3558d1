package ai.thinkheads.droptrace.core.firewall.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortSpecTest {

    @Test
    void numbers_ranges_names_and_lists_are_read_like_pve_firewall_reads_them() {
        // When
        PortSet set = PortSpec.parse("22,80:85,https").ports();

        // Then
        assertThat(set.contains(22)).isTrue();
        assertThat(set.contains(83)).isTrue();
        assertThat(set.contains(443)).isTrue();
        assertThat(set.contains(86)).isFalse();
        assertThat(set).hasToString("22,80:85,443");
    }

    @Test
    void bad_specs_say_why() {
        assertThat(PortSpec.parse("70000").error()).isEqualTo("invalid port '70000'");
        assertThat(PortSpec.parse("22,,23").error()).isEqualTo("extraneous commas in list");
        assertThat(PortSpec.parse("no-such-service").error()).isEqualTo("invalid port 'no-such-service'");
        assertThat(PortSpec.parse("1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16").error())
                .isEqualTo("too many entries in port list (> 15 numbers)");
    }

    @Test
    void a_service_name_counts_as_no_number_for_pve_firewall_but_as_one_port_for_iptables() {
        // When: pve-firewall's parse_port_name_number_or_range counts a number as 1, a range as 2, a name not at all;
        // iptables' multiport counts a name as the port it is (at most 15 ports, a range taking two)
        PortSpec fifteenAndName = PortSpec.parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,ssh");
        PortSpec names = PortSpec.parse("ftp,ssh,telnet,smtp,domain,http,pop3,imap2,bgp,ldap,https,imaps,pop3s,"
                + "rsync,mysql,postgresql");
        PortSpec fourteenAndName = PortSpec.parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,ssh");

        // Then: no rule error, as in pve-firewall, but iptables-restore refuses the first two
        assertThat(fifteenAndName.valid()).isTrue();
        assertThat(fifteenAndName.ports().contains(22)).isTrue();
        assertThat(fifteenAndName.refusedByIptables()).isEqualTo("iptables refuses this port list: 16 ports, a service "
                + "name counting as one and a range as two, and -m multiport takes at most 15");
        assertThat(names.valid()).isTrue();
        assertThat(names.refusedByIptables()).startsWith("iptables refuses this port list: 16 ports");
        assertThat(fourteenAndName.refusedByIptables()).isNull();
        assertThat(PortSpec.parse("1:2,3:4,5:6,7:8,9:10,11:12,13:14,15").refusedByIptables()).isNull();
    }

    @Test
    void a_backwards_range_is_an_error_as_in_pve_firewall_not_the_range_turned_round() {
        // When
        PortSpec spec = PortSpec.parse("22,10:5");

        // Then
        assertThat(spec.valid()).isFalse();
        assertThat(spec.error()).isEqualTo("backwards range '10:5' not allowed, did you mean '5:10'?");
        assertThat(PortSpec.parse("5:5").ports().contains(5)).isTrue();
    }

    @Test
    void icmp_type_names_map_to_type_and_code() {
        assertThat(IcmpType.v4("host-unreachable")).isEqualTo(new IcmpType(3, 1));
        assertThat(IcmpType.v4("echo-request").matches(8, 0)).isTrue();
        assertThat(IcmpType.v6("neighbour-solicitation")).isEqualTo(new IcmpType(135, -1));
        assertThat(IcmpType.v4("0")).isEqualTo(new IcmpType(0, -1));
        assertThat(IcmpType.v4("no-such-type")).isNull();
    }
}
