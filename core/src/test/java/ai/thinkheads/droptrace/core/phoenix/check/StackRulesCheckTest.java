package ai.thinkheads.droptrace.core.phoenix.check;

import static ai.thinkheads.droptrace.core.phoenix.check.PhoenixCheckerTest.check;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.phoenix.GeneratedConfig;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StackRulesCheckTest {

    @ParameterizedTest(name = "{0} generator")
    @EnumSource(Generator.class)
    void a_vm_whose_stack_declares_rules_but_that_has_no_firewall_section_is_class_2(Generator generator,
            @TempDir Path root) throws IOException {
        // Given: Portainer deploys a stack with two firewall_rules, but the VM itself has no "firewall" object
        Path etc = Files.createDirectory(root.resolve("etc"));
        Files.writeString(etc.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(etc.resolve("phoenix_vm_configs.json"), """
                {"vms": [{"vmid": 1001, "name": "Portainer",
                  "network_config": {"ip": "10.0.0.111/24", "gw": "10.0.0.1"},
                  "docker_stacks": ["portainer_service"]}]}
                """);
        Path stack = Files.createDirectories(root.resolve("stacks").resolve("portainer_service"));
        Files.writeString(stack.resolve("phoenix.json"), """
                {"environments": {"production": {"firewall_rules": [
                  {"type": "in", "action": "ACCEPT", "source": "10.0.0.12", "proto": "tcp", "port": "9443"},
                  {"type": "in", "action": "DROP", "source": "10.0.0.0/24", "proto": "tcp", "port": "9000"}]}}}
                """);
        PhoenixRuleset p = PhoenixSamples.load(etc, generator);

        // When
        List<PhoenixFinding> findings = check(p);

        // Then
        assertThat(p.site().stacksOf(1001)).singleElement().satisfies(s -> assertThat(s.rules()).hasSize(2));
        assertThat(findings).filteredOn(f -> f.failureClass() == FailureClass.GUEST_FIREWALL_INEFFECTIVE).singleElement()
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo("guest-firewall-disabled");
                    assertThat(f.declaredAt().describe()).isEqualTo("phoenix_vm_configs.json:1 .vms[0]");
                    assertThat(f.message()).isEqualTo("Portainer (vm1001) deploys stack portainer_service with 2 rule(s) "
                            + "but has no firewall section, so the generator merges them into no file");
                    assertThat(f.fix()).startsWith("add \"firewall\": {\"enabled\": true, \"rules\": []} to .vms[0]");
                    assertThat(f.fixJson()).isEqualTo("\"firewall\": {\"enabled\": true, \"rules\": []}");
                });
    }

    @Test
    void a_stack_deployed_by_two_vms_is_one_place_to_fix_and_one_finding(@TempDir Path root) throws IOException {
        // Given: VMs 1001 and 1002 both deploy the same stack, whose rule writes its port as a number
        Path etc = Files.createDirectory(root.resolve("etc"));
        Files.writeString(etc.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(etc.resolve("phoenix_vm_configs.json"), """
                {"vms": [
                  {"vmid": 1001, "name": "Portainer", "network_config": {"ip": "10.0.0.111/24"},
                   "docker_stacks": ["agent_service"], "firewall": {"enabled": true, "rules": []}},
                  {"vmid": 1002, "name": "drphoenix", "network_config": {"ip": "10.0.0.102/24"},
                   "docker_stacks": ["agent_service"], "firewall": {"enabled": true, "rules": []}}]}
                """);
        Path stack = Files.createDirectories(root.resolve("stacks").resolve("agent_service"));
        Files.writeString(stack.resolve("phoenix.json"), """
                {"environments": {"production": {"firewall_rules": [
                  {"type": "in", "action": "ACCEPT", "source": "10.0.0.111", "proto": "tcp", "port": 9001}]}}}
                """);
        PhoenixRuleset p = PhoenixSamples.load(etc, Generator.NEW);

        // When
        List<PhoenixFinding> findings = check(p);

        // Then: the rule lands in both files, and its one JSON value is one finding
        assertThat(p.generated().placements(p.site().stacksOf(1002).get(0).rules().get(0).at()))
                .extracting(GeneratedConfig.Placement::file).containsExactly("firewall/1001.fw", "firewall/1002.fw");
        assertThat(findings).filteredOn(f -> f.code().equals("outside-schema")).singleElement()
                .satisfies(f -> assertThat(f.fix()).isEqualTo("write \"port\": \"9001\" at "
                        + ".environments.production.firewall_rules[0]"));
    }
}
