package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import org.junit.jupiter.api.Test;

/**
 * pve-firewall's ruleset_add_group_rule writes a host GROUP line with -i as '-i vmbr1 -j GROUP-public-IN' and then,
 * without -i, '-m mark --mark 0x80000000/0x80000000 -j RETURN' (src/PVE/Firewall.pm). A local guest's OUT chain marks
 * what it accepts (PVEFW-SET-ACCEPT-MARK) and the mark stays on the packet up to PVEFW-HOST-IN, so that second rule
 * accepts a guest's packet to the host at a GROUP line for another interface; a group clears the mark as it starts.
 */
class AcceptMarkTest {

    private static final String GUEST = "[OPTIONS]\nenable: 1\n";

    private static RuleTracer tracer(String clusterRules) {
        return RuleTracer.compile(RulePropertiesTest.ruleset("[OPTIONS]\nenable: 1\n\n[group public]\nIN HTTPS(ACCEPT)\n"
                + "\n[group internal]\nIN SSH(ACCEPT)\n\n[RULES]\n" + clusterRules, GUEST));
    }

    private static TraceResult toHost(RuleTracer tracer, Zone from, int port) {
        return tracer.trace(TraceRequest.between(from, Zone.HOST, "tcp", port).withAddresses(null, "10.9.9.9"));
    }

    @Test
    void a_guests_packet_to_the_host_is_accepted_at_a_group_line_for_another_interface() {
        // Given: guest 500 is on vmbr0, the GROUP line is for vmbr1
        RuleTracer tracer = tracer("GROUP public -i vmbr1\nIN DROP -p tcp -dport 8080\n");

        // When
        TraceResult fromGuest = toHost(tracer, Zone.parse("ct500"), 8080);
        TraceResult fromOutside = toHost(tracer, Zone.OUTSIDE, 8080);

        // Then: the guest's OUT chain accepted it (policy ACCEPT sets the mark); a packet from outside has no mark
        assertThat(fromGuest.action()).isEqualTo(Action.ACCEPT);
        assertThat(fromGuest.rule().location()).isEqualTo("cluster.fw:11");
        assertThat(fromGuest.notes()).anyMatch(n -> n.startsWith("accepted at cluster.fw:11: a GROUP line with -i"));
        assertThat(fromOutside.action()).isEqualTo(Action.DROP);
        assertThat(fromOutside.rule().location()).isEqualTo("cluster.fw:12");
    }

    @Test
    void a_group_the_packet_enters_clears_the_mark_for_the_group_lines_after_it() {
        // Given: the packet enters 'internal' (vmbr0), which accepts ssh only and clears the mark
        RuleTracer tracer = tracer("GROUP internal -i vmbr0\nGROUP public -i vmbr1\nIN DROP -p tcp -dport 8080\n");

        // When
        TraceResult r = toHost(tracer, Zone.parse("ct500"), 8080);

        // Then
        assertThat(r.action()).isEqualTo(Action.DROP);
        assertThat(r.rule().location()).isEqualTo("cluster.fw:13");
    }
}
