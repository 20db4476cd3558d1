package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import org.junit.jupiter.api.Test;

/**
 * pve-firewall's generate_ipset_chains keeps one entry per network, the last one: an alias and the address it
 * names, or a nomatch entry for the local network it adds to the management set itself, are one entry.
 */
class IpsetSameNetworkTest {

    private static final String CLUSTER = "[OPTIONS]\nenable: 1\n\n[ALIASES]\nlocal_network 10.9.9.0/24\nweb 10.7.0.5\n\n"
            + "[IPSET management]\n!10.9.9.0/24\n\n"
            + "[IPSET trusted]\n10.7.0.0/24\nweb\n!10.7.0.5\n\n"
            + "[RULES]\nIN ACCEPT -source +trusted -p tcp -dport 9000\n";
    private static final String GUEST = "[OPTIONS]\nenable: 1\n";

    private static TraceResult toHost(RuleTracer tracer, String source, int port) {
        return tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.HOST, "tcp", port).withAddresses(source, null));
    }

    @Test
    void a_nomatch_entry_after_an_alias_for_the_same_address_keeps_the_address_out_of_the_set() {
        // Given
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset(CLUSTER, GUEST));

        // When
        TraceResult named = toHost(tracer, "10.7.0.5", 9000);
        TraceResult other = toHost(tracer, "10.7.0.6", 9000);

        // Then: 'web' (10.7.0.5) and '!10.7.0.5' are one entry, the nomatch one
        assertThat(named.action()).isEqualTo(Action.DROP);
        assertThat(named.decidedBy()).isInstanceOf(Decider.PolicyDecision.class);
        assertThat(other.action()).isEqualTo(Action.ACCEPT);
        assertThat(other.rule().location()).isEqualTo("cluster.fw:17");
    }

    @Test
    void the_local_network_pve_firewall_adds_to_management_outweighs_a_nomatch_entry_for_it() {
        // Given
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset(CLUSTER, GUEST));

        // When
        TraceResult gui = toHost(tracer, "10.9.9.7", 8006);

        // Then: management is '!10.9.9.0/24' and then the local network 10.9.9.0/24, which pve-firewall keeps
        assertThat(gui.action()).isEqualTo(Action.ACCEPT);
        assertThat(gui.decidedBy()).isInstanceOf(Decider.BuiltinDecision.class);
    }
}
