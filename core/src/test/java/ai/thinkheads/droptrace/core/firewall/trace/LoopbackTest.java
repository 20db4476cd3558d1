package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A packet to a loopback address: pve-firewall accepts it on lo ({@code -o lo}, {@code -i lo}) before any rule or
 * policy of the host's chains, and a guest's own loopback is no chain's at all.
 */
class LoopbackTest {

    /** A hardened host (both policies DROP, a rule that drops everything outbound) and a guest with policy_out DROP. */
    private static RuleTracer hardened() {
        Inventory inventory = new Inventory("node1", List.of("10.0.0.13", "fd00::13"), List.of(
                new Guest(103, "ca", GuestType.LXC, null, List.of(new Nic(0, "vmbr0", true, null, List.of("10.0.0.10"))))));
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null,
                "[OPTIONS]\nenable: 1\npolicy_in: DROP\npolicy_out: DROP\n\n[RULES]\nOUT DROP -p tcp\nIN DROP -p tcp\n");
        FwFile guest = FwFileParser.parse("103.fw", FileKind.GUEST, 103, null, "[OPTIONS]\nenable: 1\npolicy_out: DROP\n");
        return RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster,
                List.of(), List.of(guest), inventory, null, "10.0.0.0/24", List.of()));
    }

    @Test
    void the_host_reaching_its_own_loopback_is_accepted_on_lo_before_its_rules_and_policies() {
        // Given
        RuleTracer tracer = hardened();

        // When: a local check of pveproxy on 127.0.0.1, sent from the host's address or from the loopback itself
        TraceResult fromHost = tracer.trace(TraceRequest.flow("10.0.0.13", "127.0.0.1", "tcp", 8006));
        TraceResult fromLoopback = tracer.trace(TraceRequest.flow("127.0.0.1", "127.0.0.1", "tcp", 8006));
        TraceResult v6 = tracer.trace(TraceRequest.flow("fd00::13", "::1", "tcp", 53));

        // Then: not the OUT DROP rule, nor policy_out DROP, which filter what leaves on a bridge
        for (TraceResult r : List.of(fromHost, fromLoopback, v6)) {
            assertThat(r.action()).isEqualTo(Action.ACCEPT);
            assertThat(r.decidedBy()).isInstanceOfSatisfying(Decider.BuiltinDecision.class,
                    b -> assertThat(b.builtin()).isEqualTo(Builtin.LOOPBACK));
            assertThat(r.packet().to()).isEqualTo("host");
        }
        assertThat(fromHost.packet().assumed()).contains("to host (127.0.0.1 is a loopback address: the sender's own, over lo)");
    }

    @Test
    void a_guest_reaching_its_own_loopback_meets_no_chain_not_its_policy_out() {
        // When: a check run inside container 103 of its service on 127.0.0.1
        TraceResult r = hardened().trace(TraceRequest.flow("10.0.0.10", "127.0.0.1", "tcp", 9000));

        // Then
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.decidedBy()).isInstanceOfSatisfying(Decider.NoFirewall.class,
                n -> assertThat(n.reason()).isEqualTo("127.0.0.1 is a loopback address: the packet never leaves its sender "
                        + "(ct103) and meets no pve-firewall chain"));
    }

    @Test
    void the_host_to_itself_by_zone_is_still_refused_as_simulate_refuses_it() {
        assertThatThrownBy(() -> hardened().trace(TraceRequest.between(new Zone.Host(), new Zone.Host(), "tcp", 22)))
                .isInstanceOf(InvalidTraceRequestException.class)
                .hasMessage("from and to must differ (both are host)");
    }
}
