package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The note on a logged decision follows cluster.fw's {@code log_ratelimit}, which can switch the limit off. */
class RateLimitNoteTest {

    private static final String GUEST = "[OPTIONS]\nenable: 1\n\n[RULES]\nIN DROP -p tcp -dport 22 -log info\n";

    private static TraceResult sshToGuest(String clusterOptions) {
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset("[OPTIONS]\nenable: 1\n" + clusterOptions,
                GUEST));
        return tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), "tcp", 22));
    }

    @Test
    void a_limit_switched_off_is_not_said_to_leave_packets_without_a_line() {
        // When
        TraceResult off = sshToGuest("log_ratelimit: enable=0\n");
        TraceResult offShort = sshToGuest("log_ratelimit: 0,burst=10\n");
        TraceResult defaults = sshToGuest("");
        TraceResult faster = sshToGuest("log_ratelimit: burst=20,enable=1,rate=10/second\n");

        // Then
        assertThat(off.logged()).isTrue();
        assertThat(off.notes()).noneMatch(n -> n.contains("rate-limit"));
        assertThat(offShort.notes()).noneMatch(n -> n.contains("rate-limit"));
        assertThat(defaults.notes()).anyMatch(n -> n.startsWith("pve-firewall rate-limits each log rule (1/second, "
                + "burst 5"));
        assertThat(faster.notes()).anyMatch(n -> n.startsWith("pve-firewall rate-limits each log rule (10/second, "
                + "burst 20, log_ratelimit at cluster.fw:"));
    }
}
