package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.lint.Finding;
import ai.thinkheads.droptrace.core.firewall.lint.RulesChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An IPv6 address or network of the configuration is IPv6 to pve-firewall, also where its 128 bits hold IPv4 ones
 * ({@code ::/8}, {@code ::ffff:10.0.0.0/120}): parse_ip_or_cidr tries $IPV6RE first and parse_address_list asks Net::IP,
 * so the rule goes to the IPv6 ruleset only, the ipset entry to the set's -v6 half (src/PVE/Firewall.pm).
 */
class MappedAddressTest {

    private static final String CLUSTER = "[OPTIONS]\nenable: 1\n\n[ALIASES]\nmapped ::ffff:10.7.0.60\n\n"
            + "[IPSET blacklist]\n::/8\n2001:db8:bad::/48\n\n"
            + "[IPSET mgmt]\n::ffff:10.7.0.0/120\n";
    private static final String GUEST = "[OPTIONS]\nenable: 1\n\n[RULES]\n"
            + "IN ACCEPT -source mapped -p tcp -dport 22\n"
            + "IN ACCEPT -source +mgmt -p tcp -dport 23\n"
            + "IN ACCEPT -source ::ffff:10.7.0.61 -dest 10.1.0.5 -p tcp -dport 24\n"
            + "IN ACCEPT -p tcp -dport 25\n";

    private static final RuleTracer TRACER = RuleTracer.compile(RulePropertiesTest.ruleset(CLUSTER, GUEST));

    private static TraceResult from(String source, int port) {
        return TRACER.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), "tcp", port)
                .withAddresses(source, null));
    }

    @Test
    void an_ipv6_blacklist_entry_over_the_ipv4_mapped_block_drops_no_ipv4_packet() {
        // When: ::/8 holds ::ffff:0:0/96, the block droptrace keeps IPv4 addresses in
        TraceResult r = from("10.7.0.9", 25);

        // Then: PVEFW-blacklist-v6 is an ip6tables set; the IPv4 packet reaches the guest's rule
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.rule().location()).isEqualTo("500.fw:8");
    }

    @Test
    void a_rule_or_ipset_entry_with_an_ipv4_mapped_address_matches_no_ipv4_packet() {
        // When
        TraceResult alias = from("10.7.0.60", 22);
        TraceResult ipset = from("10.7.0.60", 23);

        // Then: both are in pve-firewall's IPv6 ruleset or set only, so the guest's DROP policy decides
        assertThat(alias.action()).isEqualTo(Action.DROP);
        assertThat(alias.decidedBy()).isInstanceOf(Decider.PolicyDecision.class);
        assertThat(ipset.action()).isEqualTo(Action.DROP);
        assertThat(ipset.decidedBy()).isInstanceOf(Decider.PolicyDecision.class);
    }

    @Test
    void an_ipv4_mapped_source_with_an_ipv4_destination_is_a_rule_of_mixed_versions() {
        // When
        TraceResult r = from("10.7.0.61", 24);
        List<Finding> findings = RulesChecker.check(TRACER);

        // Then: verify_rule says 'detected mixed ipv4/ipv6 addresses' and pve-firewall never compiles it
        assertThat(r.action()).isEqualTo(Action.DROP);
        assertThat(findings).filteredOn(f -> f.code().equals("rule-error")).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("500.fw:7");
            assertThat(f.message()).contains("mixed ipv4/ipv6");
        });
        assertThat(findings).noneMatch(f -> f.code().equals("ipset-entry"));
    }
}
