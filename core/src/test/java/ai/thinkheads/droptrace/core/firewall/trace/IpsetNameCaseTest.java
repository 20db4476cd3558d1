package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.lint.Finding;
import ai.thinkheads.droptrace.core.firewall.lint.RulesChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pve-firewall stores ipset names in lower case and looks the name a rule writes up as it is written. */
class IpsetNameCaseTest {

    private static final String CLUSTER = "[OPTIONS]\nenable: 1\n\n[IPSET Admins]\n10.7.0.0/16\n";
    private static final String GUEST = "[OPTIONS]\nenable: 1\n\n[RULES]\n"
            + "IN ACCEPT -source +Admins -p tcp -dport 22\n"
            + "IN ACCEPT -source +admins -p tcp -dport 23\n";

    private static TraceResult fromAdmin(RuleTracer tracer, int port) {
        return tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), "tcp", port)
                .withAddresses("10.7.0.1", null));
    }

    @Test
    void a_rule_naming_an_ipset_in_upper_case_finds_no_ipset_and_is_never_compiled() {
        // Given
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset(CLUSTER, GUEST));

        // When
        TraceResult upper = fromAdmin(tracer, 22);
        TraceResult lower = fromAdmin(tracer, 23);
        List<Finding> findings = RulesChecker.check(tracer);

        // Then: '+Admins' is no ipset to pve-firewall ('no such ipset'), '+admins' is the set [IPSET Admins] defines
        assertThat(upper.action()).isEqualTo(Action.DROP);
        assertThat(upper.decidedBy()).isInstanceOf(Decider.PolicyDecision.class);
        assertThat(lower.action()).isEqualTo(Action.ACCEPT);
        assertThat(lower.rule().location()).isEqualTo("500.fw:6");
        assertThat(findings).filteredOn(f -> f.code().equals("rule-error")).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("500.fw:5");
            assertThat(f.message()).contains("no such ipset 'Admins' (ipset names are lower case: '+admins')");
        });
    }
}
