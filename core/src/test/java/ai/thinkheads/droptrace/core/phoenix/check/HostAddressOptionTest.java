package ai.thinkheads.droptrace.core.phoenix.check;

import static ai.thinkheads.droptrace.core.phoenix.check.PhoenixCheckerTest.check;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostAddressOptionTest {

    @Test
    void the_host_address_given_where_the_json_has_none_is_where_class_6_pings_from(@TempDir Path dir) throws IOException {
        // Given: no network.interfaces.address (the reader warns: give --host-address); 102 allows no ICMP under DROP
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"name": "vmbr0"}, "default_subnet": "10.0.0.0/24"},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "default_output_policy": "ACCEPT",
                   "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {"102": {"name": "Traefik-Internal", "network_config": {"ip": "10.0.0.12/24"},
                  "firewall": {"enabled": true, "rules": [
                    {"type": "in", "action": "ACCEPT", "source": "10.0.0.13", "proto": "tcp", "port": "8080"}]}}}}
                """);
        Files.writeString(dir.resolve("phoenix_vm_configs.json"), "{\"vms\": []}");

        // When
        PhoenixRuleset given = PhoenixRuleset.load(dir, Generator.NEW, new ReadOptions(null, null, List.of("10.0.0.13"),
                null, null));

        // Then: pinged from 10.0.0.13, which the rule's source no longer calls stale; the warning is gone with the guess
        assertThat(check(given)).filteredOn(f -> f.code().equals("ping-blocked")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("ping (ICMP echo-request) from the host 10.0.0.13 to "
                        + "Traefik-Internal (ct102) is dropped"));
        assertThat(check(given)).extracting(PhoenixFinding::code).doesNotContain("stale-address");
        assertThat(given.ruleset().allWarnings()).extracting(ParseWarning::message)
                .noneMatch(m -> m.contains("host's address is unknown"));
    }
}
