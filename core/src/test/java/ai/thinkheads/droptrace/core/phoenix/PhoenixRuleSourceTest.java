package ai.thinkheads.droptrace.core.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.intent.IntentVerifier;
import ai.thinkheads.droptrace.core.firewall.intent.MustWorkPath;
import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.firewall.intent.RuleSource;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhoenixRuleSourceTest {

    @Test
    void a_fix_before_a_blocking_rule_is_inserted_at_its_index_and_later_rules_move_up() {
        // Given
        PhoenixRuleset p = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);
        TraceResult blocked = RuleTracer.compile(p.ruleset()).trace(TraceRequest.flow("10.0.0.10", "10.0.0.13", "udp", 53));

        // When
        RuleSource.Proposal proposal = new PhoenixRuleSource(p).propose(blocked, "dns").orElseThrow();

        // Then
        assertThat(proposal.rule().jsonPath()).isEqualTo(".lxc_configs[\"103\"].firewall.rules[3]");
        assertThat(proposal.rule().json()).isEqualTo("{\"type\": \"out\", \"action\": \"ACCEPT\", \"dest\": \"10.0.0.13\", "
                + "\"proto\": \"udp\", \"port\": \"53\", \"comment\": \"dns\"}");
        assertThat(proposal.rule().file()).isEqualTo("firewall/103.fw");
        assertThat(proposal.rule().fwLine()).isEqualTo("OUT ACCEPT -proto udp -dest 10.0.0.13 -dport 53 # dns");
        PhoenixRuleset next = ((PhoenixRuleSource) proposal.next()).phoenix();
        assertThat(next.site().guest(103).orElseThrow().firewall().rules()).extracting(r -> r.at().path())
                .containsExactly(".lxc_configs[\"103\"].firewall.rules[0]", ".lxc_configs[\"103\"].firewall.rules[1]",
                        ".lxc_configs[\"103\"].firewall.rules[2]", ".lxc_configs[\"103\"].firewall.rules[3]",
                        ".lxc_configs[\"103\"].firewall.rules[4]");
        assertThat(next.declaredAt("firewall/103.fw", 9)).map(JsonLocation::path)
                .contains(".lxc_configs[\"103\"].firewall.rules[4]");
        assertThat(RuleTracer.compile(next.ruleset()).trace(TraceRequest.flow("10.0.0.10", "10.0.0.13", "udp", 53)).action())
                .isEqualTo(Action.ACCEPT);
    }

    @Test
    void with_the_older_generator_a_vm_fix_is_written_the_way_vm_manager_writes_it() {
        // Given
        PhoenixRuleset p = PhoenixSamples.load(PhoenixSamples.OLD_LAYOUT, Generator.OLD);
        MustWorkPath agent = new MustWorkPath("agent", null, "portainer", "drphoenix", "10.0.0.111", "10.0.0.102", "tcp",
                9001, true);

        // When
        PathVerdict v = IntentVerifier.verify(new PhoenixRuleSource(p), List.of(agent)).get(0);

        // Then: the global rule meant for the agent is in cluster.fw, so the VM's own policy drops it
        assertThat(v.action()).isEqualTo(Action.DROP);
        assertThat(v.decidedBy()).startsWith("policy DROP of tap1002i0-IN");
        assertThat(v.fix()).singleElement().satisfies(r -> {
            assertThat(r.jsonFile()).isEqualTo("phoenix_vm_configs.json");
            assertThat(r.jsonPath()).isEqualTo(".vms[2].firewall.rules[2]");
            assertThat(r.file()).isEqualTo("firewall/1002.fw");
            assertThat(r.fwLine()).isEqualTo("IN ACCEPT -p tcp -dport 9001 -source 10.0.0.111 # droptrace: must-work path agent");
        });
        assertThat(v.fixVerified()).isTrue();
    }

    @Test
    void a_host_path_is_fixed_in_the_global_rules_of_the_layout_in_use() {
        // Given: with the older generator, 103's OUT DROP in cluster.fw stops the host's own traffic
        PhoenixRuleset p = PhoenixSamples.load(PhoenixSamples.OLD_LAYOUT, Generator.OLD);
        MustWorkPath api = new MustWorkPath("api", null, "host", "portainer", "10.0.0.13", "10.0.0.111", "tcp", 9443, true);

        // When
        PathVerdict v = IntentVerifier.verify(new PhoenixRuleSource(p), List.of(api)).get(0);

        // Then
        assertThat(v.location()).isEqualTo("firewall/cluster.fw:25");
        assertThat(v.declaredAt()).endsWith(".lxc_configs[\"103\"].firewall.rules[3]");
        assertThat(v.fix()).singleElement().satisfies(r -> {
            assertThat(r.jsonPath()).isEqualTo(".shared_volumes.firewall.global_firewall_rules[9]");
            assertThat(r.file()).isEqualTo("firewall/cluster.fw");
            assertThat(r.fwLine()).isEqualTo("OUT ACCEPT -p tcp -dest 10.0.0.111 -dport 9443 # droptrace: must-work path api");
        });
        assertThat(v.fixVerified()).isTrue();
    }
}
