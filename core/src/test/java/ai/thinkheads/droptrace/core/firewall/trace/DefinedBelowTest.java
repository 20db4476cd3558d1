package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.lint.Finding;
import ai.thinkheads.droptrace.core.firewall.lint.RulesChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * pve-firewall reads a .fw file from the top and checks each rule (verify_rule) and ipset entry (resolve_alias)
 * against what it has read so far: an alias or ipset defined further down the same file is "no such alias" there,
 * and the rule is kept with the error and never compiled. cluster.fw is read whole before the guest files.
 */
class DefinedBelowTest {

    private static final String CLUSTER = "[OPTIONS]\nenable: 1\n\n"
            + "[RULES]\nIN ACCEPT -source early -p tcp -dport 22\n\n"
            + "[IPSET partners]\nlate\n198.51.100.0/24\n\n"
            + "[ALIASES]\nearly 192.0.2.50\nlate 203.0.113.9\n\n"
            + "[group web]\nIN ACCEPT -source +partners -p tcp -dport 443\n";
    private static final String GUEST = "[OPTIONS]\nenable: 1\n\n[RULES]\n"
            + "IN ACCEPT -source +office -p tcp -dport 80\n"
            + "IN ACCEPT -source late -p tcp -dport 81\n"
            + "GROUP web\n\n"
            + "[IPSET office]\n10.7.0.0/24\n";

    private static TraceResult trace(RuleTracer tracer, Zone to, String source, int port) {
        return tracer.trace(TraceRequest.between(Zone.OUTSIDE, to, "tcp", port).withAddresses(source, null));
    }

    @Test
    void a_rule_naming_an_alias_or_ipset_defined_further_down_its_file_is_never_compiled() {
        // Given
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset(CLUSTER, GUEST));

        // When
        TraceResult host = trace(tracer, Zone.HOST, "192.0.2.50", 22);
        TraceResult guestSet = trace(tracer, Zone.parse("ct500"), "10.7.0.1", 80);
        List<Finding> findings = RulesChecker.check(tracer);

        // Then: 'early' comes after the rule in cluster.fw, [IPSET office] after the rule in 500.fw
        assertThat(host.action()).isEqualTo(Action.DROP);
        assertThat(host.decidedBy()).isInstanceOf(Decider.PolicyDecision.class);
        assertThat(guestSet.action()).isEqualTo(Action.DROP);
        assertThat(guestSet.decidedBy()).isInstanceOf(Decider.PolicyDecision.class);
        assertThat(findings).filteredOn(f -> f.code().equals("rule-error")).extracting(Finding::location)
                .containsExactlyInAnyOrder("cluster.fw:5", "500.fw:5");
        assertThat(findings).filteredOn(f -> f.location().equals("cluster.fw:5")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("no such alias 'early'", "cluster.fw:12"));
    }

    @Test
    void a_guest_rule_may_name_a_cluster_alias_wherever_cluster_fw_defines_it() {
        // Given
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset(CLUSTER, GUEST));

        // When
        TraceResult result = trace(tracer, Zone.parse("ct500"), "203.0.113.9", 81);

        // Then
        assertThat(result.action()).isEqualTo(Action.ACCEPT);
        assertThat(result.rule().location()).isEqualTo("500.fw:6");
    }

    @Test
    void an_ipset_entry_naming_an_alias_defined_further_down_is_left_out() {
        // Given
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset(CLUSTER, GUEST));

        // When: [group web] accepts +partners, whose entry 'late' comes before [ALIASES]
        TraceResult alias = trace(tracer, Zone.parse("ct500"), "203.0.113.9", 443);
        TraceResult network = trace(tracer, Zone.parse("ct500"), "198.51.100.7", 443);
        List<Finding> findings = RulesChecker.check(tracer);

        // Then
        assertThat(alias.action()).isEqualTo(Action.DROP);
        assertThat(network.action()).isEqualTo(Action.ACCEPT);
        assertThat(findings).filteredOn(f -> f.code().equals("ipset-entry")).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("cluster.fw:8");
            assertThat(f.message()).contains("no such alias 'late'");
        });
    }
}
