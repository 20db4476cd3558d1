package ai.thinkheads.droptrace.core.phoenix.check;

import static ai.thinkheads.droptrace.core.phoenix.check.PhoenixCheckerTest.check;
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

class SiteFirewallOffTest {

    @ParameterizedTest(name = "{0} generator")
    @EnumSource(Generator.class)
    void a_global_firewall_that_is_not_enabled_is_class_2_in_the_sites_terms(Generator generator, @TempDir Path dir)
            throws IOException {
        // Given: the setup script stops pve-firewall and writes nothing when .firewall.enabled is not true,
        // while 102 enables its own firewall and declares a rule
        // (the global section where each generator's setup script reads it)
        String global = PhoenixCheckerTest.global(generator == Generator.OLD ? "old" : "new");
        String section = "{\"enabled\": false, \"default_input_policy\": \"DROP\", \"global_firewall_rules\": []}";
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{\"network\": {\"interfaces\": {\"address\": "
                + "\"10.0.0.13/24\"}},\n " + (generator == Generator.OLD ? "\"shared_volumes\": {\"firewall\": " + section + "}"
                        : "\"firewall\": " + section) + "}\n");
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {"102": {"name": "Traefik-Internal", "network_config": {"ip": "10.0.0.12/24"},
                  "firewall": {"enabled": true, "rules": [
                    {"type": "in", "action": "ACCEPT", "source": "10.0.0.153", "proto": "tcp", "port": "8443"}]}}}}
                """);

        // When
        List<PhoenixFinding> findings = check(PhoenixSamples.load(dir, generator));

        // Then
        assertThat(findings).filteredOn(f -> f.code().equals("site-firewall-disabled")).singleElement().satisfies(f -> {
            assertThat(f.failureClass()).isEqualTo(FailureClass.GUEST_FIREWALL_INEFFECTIVE);
            assertThat(f.declaredAt().describe()).isEqualTo("phoenix_hypervisor_config.json:2 " + global + ".enabled");
            assertThat(f.message()).isEqualTo(global + ".enabled is not true: the setup script stops pve-firewall and "
                    + "writes no cluster.fw" + (generator == Generator.NEW ? " and no guest file" : " (lxc-manager and "
                    + "vm-manager still write the guests' rules, which a stopped pve-firewall does not apply)"));
            assertThat(f.breaks()).isEqualTo("no rule of the Phoenix JSON applies: the host and the 1 guest(s) whose "
                    + "firewall the JSON enables (Traefik-Internal (ct102)) are not filtered at all");
            assertThat(f.fixJson()).isEqualTo("\"enabled\": true");
        });
    }
}
