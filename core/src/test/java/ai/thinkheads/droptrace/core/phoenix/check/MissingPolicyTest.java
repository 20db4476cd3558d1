package ai.thinkheads.droptrace.core.phoenix.check;

import static ai.thinkheads.droptrace.core.phoenix.check.PhoenixCheckerTest.check;
import static ai.thinkheads.droptrace.core.phoenix.check.PhoenixCheckerTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MissingPolicyTest {

    @ParameterizedTest(name = "{0} generator")
    @EnumSource(Generator.class)
    void a_policy_left_out_of_the_json_is_named_by_its_own_key_and_its_fallback(Generator generator, @TempDir Path dir)
            throws IOException {
        // Given: the global section (where each generator reads it) without default_input_policy; jq -r prints null,
        // written as 'policy_in: null'
        String global = PhoenixCheckerTest.global(generator == Generator.OLD ? "old" : "new");
        String section = """
                {"enabled": true, "default_output_policy": "ACCEPT",
                   "global_firewall_rules": [{"type": "in", "action": "ACCEPT", "proto": "tcp", "port": "22"}]}""";
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{\"network\": {\"interfaces\": {\"address\": "
                + "\"10.0.0.13/24\"}},\n " + (generator == Generator.OLD ? "\"shared_volumes\": {\"firewall\": " + section + "}"
                        : "\"firewall\": " + section) + "}\n");

        // When
        List<PhoenixFinding> findings = check(PhoenixSamples.load(dir, generator));

        // Then: the key to add, not the whole section; and what pve-firewall does instead of the line
        PhoenixFinding policy = find(findings, "unreadable-line", "firewall/cluster.fw:3");
        assertThat(policy.fwText()).isEqualTo("policy_in: null");
        assertThat(policy.declaredAt().path()).isEqualTo(global + ".default_input_policy");
        assertThat(policy.declaredAt().line()).isEqualTo(2);
        assertThat(policy.fix()).isEqualTo("set " + global + ".default_input_policy to ACCEPT, DROP or REJECT");
        assertThat(policy.breaks()).isEqualTo("pve-firewall skips it with a warning on every compile: policy_in is not "
                + "set, so pve-firewall's default applies (DROP)");
    }
}
