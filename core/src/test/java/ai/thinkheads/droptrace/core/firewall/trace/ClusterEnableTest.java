package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import org.junit.jupiter.api.Test;

/** How cluster.fw's {@code enable} value switches the whole firewall, read as pve-firewall reads it. */
class ClusterEnableTest {

    private static final String GUEST = "[OPTIONS]\nenable: 1\n\n[RULES]\nIN DROP -p tcp -dport 22\n";

    private static TraceResult sshToGuest(String enableLine) {
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset("[OPTIONS]\n" + enableLine + "\n", GUEST));
        return tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), "tcp", 22));
    }

    @Test
    void a_single_digit_value_above_one_is_an_old_time_stamp_and_turns_the_firewall_off() {
        // Given
        String enable = "enable: 2";

        // When
        TraceResult r = sshToGuest(enable);

        // Then
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.decidedBy()).isInstanceOf(Decider.NoFirewall.class);
        assertThat(r.decidedBy().describe()).contains("'enable: 2'", "time stamp");
    }

    @Test
    void leading_zeros_do_not_count_so_enable_01_turns_the_firewall_on() {
        // Given
        String enable = "enable: 01";

        // When
        TraceResult r = sshToGuest(enable);

        // Then
        assertThat(r.action()).isEqualTo(Action.DROP);
        assertThat(r.rule().location()).isEqualTo("500.fw:5");
    }

    @Test
    void enable_00_turns_the_firewall_off_as_disabled_not_as_a_time_stamp() {
        // Given
        String enable = "enable: 00";

        // When
        TraceResult r = sshToGuest(enable);

        // Then
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.decidedBy().describe()).contains("disabled", "'enable: 00'").doesNotContain("time stamp");
    }
}
