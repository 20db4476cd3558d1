package ai.thinkheads.droptrace.core.firewall.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code -icmp-type} takes the names of pve-firewall's two tables, as its verify_rule checks them. */
class IcmpTypeRuleTest {

    private static List<String> errorsOf(String rule) {
        FwFile f = FwFileParser.parse("500.fw", FileKind.GUEST, 500, null, "[RULES]\n" + rule + "\n");
        assertThat(f.warnings()).isEmpty();
        return f.rules().get(0).errors();
    }

    @Test
    void the_icmpv6_names_of_ip6tables_that_pve_firewall_lists_are_valid() {
        // When / Then: 1/2, 1/5 and 1/6 of ip6tables, in pve-firewall's $icmpv6_type_names
        assertThat(errorsOf("IN DROP -p icmpv6 -icmp-type failed-policy")).isEmpty();
        assertThat(errorsOf("IN DROP -p ipv6-icmp -icmp-type reject-route")).isEmpty();
        assertThat(errorsOf("IN DROP -p icmpv6 -icmp-type beyond-scope")).isEmpty();
    }

    @Test
    void a_type_with_its_code_in_numbers_is_no_icmp_type_name_and_an_error() {
        // When
        List<String> errors = errorsOf("IN ACCEPT -p icmp -icmp-type 3/4");

        // Then: pve-firewall never compiles it, so the rule must not decide a trace
        assertThat(errors).containsExactly("icmp-type: invalid icmp-type '3/4' for proto 'icmp'");
    }

    @Test
    void a_type_number_is_no_icmp_type_name_and_an_error_while_the_dport_slot_still_takes_it() {
        // When / Then: verify_rule looks -icmp-type up among the names only, so pve-firewall never compiles these
        assertThat(errorsOf("IN ACCEPT -p icmp -icmp-type 8"))
                .containsExactly("icmp-type: invalid icmp-type '8' for proto 'icmp'");
        assertThat(errorsOf("IN ACCEPT -p ipv6-icmp -icmp-type 128"))
                .containsExactly("icmp-type: invalid icmp-type '128' for proto 'ipv6-icmp'");
        // a name of the other table is no name of this one
        assertThat(errorsOf("IN ACCEPT -p icmp -icmp-type neighbor-solicitation"))
                .containsExactly("icmp-type: invalid icmp-type 'neighbor-solicitation' for proto 'icmp'");
        assertThat(errorsOf("IN ACCEPT -p icmp -dport 8")).isEmpty();
        assertThat(errorsOf("IN ACCEPT -p icmp -icmp-type echo-request")).isEmpty();
        assertThat(errorsOf("IN ACCEPT -p icmpv6 -icmp-type neighbour-solicitation")).isEmpty();
    }

    @Test
    void any_is_an_icmp_type_of_icmp_only_and_an_error_for_icmpv6() {
        // When / Then: pve-firewall's $icmp_type_names has 'any', its $icmpv6_type_names (ip6tables -p icmpv6 -h)
        // has none, so verify_rule refuses the rule and pve-firewall never compiles it (src/PVE/Firewall.pm)
        assertThat(errorsOf("IN ACCEPT -p icmp -icmp-type any")).isEmpty();
        assertThat(errorsOf("IN ACCEPT -p icmpv6 -icmp-type any"))
                .containsExactly("icmp-type: invalid icmp-type 'any' for proto 'icmpv6'");
        assertThat(errorsOf("IN ACCEPT -p ipv6-icmp -icmp-type any"))
                .containsExactly("icmp-type: invalid icmp-type 'any' for proto 'ipv6-icmp'");
    }
}
