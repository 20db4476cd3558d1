package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import org.junit.jupiter.api.Test;

/** The accept rule a blocked packet's answer proposes, when one of its addresses is simulate's made-up one. */
class MadeUpAddressFixTest {

    private static final RuleTracer TRACER = RuleTracer.compile(RulePropertiesTest.ruleset("[OPTIONS]\nenable: 1\n",
            "[OPTIONS]\nenable: 1\npolicy_out: DROP\n"));

    @Test
    void a_source_that_was_made_up_is_left_out_of_the_rule_to_add() {
        // Given: from outside, without --source: the packet comes from simulate's 100.100.1.2
        TraceRequest request = TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), "tcp", 5432);

        // When
        TraceResult r = TRACER.trace(request);

        // Then: not 'IN ACCEPT -source 100.100.1.2', which lets no real client through
        assertThat(r.action()).isEqualTo(Action.DROP);
        assertThat(r.fix().after()).isEqualTo("IN ACCEPT -p tcp -dport 5432");
        assertThat(r.fix().summary()).contains("for every source: 100.100.1.2 was made up; give --source");
    }

    @Test
    void a_source_or_destination_that_is_known_stays_in_the_rule() {
        // Given
        TraceRequest in = TraceRequest.flow("198.51.100.7", "10.1.0.5", "tcp", 5432);
        TraceRequest out = TraceRequest.between(Zone.parse("ct500"), Zone.OUTSIDE, "tcp", 443);

        // When
        TraceResult given = TRACER.trace(in);
        TraceResult madeUpDest = TRACER.trace(out);

        // Then
        assertThat(given.fix().after()).isEqualTo("IN ACCEPT -source 198.51.100.7 -p tcp -dport 5432");
        assertThat(madeUpDest.fix().after()).isEqualTo("OUT ACCEPT -p tcp -dport 443");
    }
}
