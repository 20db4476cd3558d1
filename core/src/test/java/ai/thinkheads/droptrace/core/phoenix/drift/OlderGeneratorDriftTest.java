package ai.thinkheads.droptrace.core.phoenix.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OlderGeneratorDriftTest {

    @Test
    void a_container_firewall_the_json_enables_and_someone_switched_on_is_not_called_undeclared_and_its_policy_is_compared(
            @TempDir Path live) throws IOException {
        // Given: with the older generator lxc-manager never writes 'enable: 1', although the JSON enables 101's firewall;
        // on the host it was switched on by hand (rules check's own advice), and policy_in set to ACCEPT as well
        PhoenixSamples.copyTree(PhoenixSamples.LIVE, live);
        Path ct101 = live.resolve("firewall").resolve("101.fw");
        Files.writeString(ct101, Files.readString(ct101).replace("enable: 1\n", "enable: 1\npolicy_in: ACCEPT\n"));
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.OLD_LAYOUT, Generator.OLD);

        // When
        DriftReport report = DriftDetector.compare(declared, "old",
                ConfigDirectoryReader.read(live, ReadOptions.defaults()), live);

        // Then
        assertThat(report.items()).filteredOn(i -> i.file().equals("firewall/101.fw"))
                .extracting(DriftItem::kind, DriftItem::live).containsExactly(
                        tuple(DriftKind.OPTION_DIFFERS, "firewall/101.fw:2 enable: 1"),
                        tuple(DriftKind.OPTION_DIFFERS, "firewall/101.fw:3 policy_in: ACCEPT"),
                        tuple(DriftKind.RULE_ORDER, "firewall/101.fw:6 IN ACCEPT -proto tcp -dport 80,443 # Public HTTP and "
                                + "HTTPS to the gateway"));
        DriftItem enable = report.items().stream().filter(i -> i.file().equals("firewall/101.fw")).findFirst().orElseThrow();
        assertThat(enable.message()).doesNotContain("which the JSON does not")
                .contains("the JSON enables it", "lxc-manager never writes it");
        assertThat(enable.declaredAt().path()).isEqualTo(".lxc_configs[\"101\"].firewall.enabled");
        assertThat(report.items()).extracting(DriftItem::kind).doesNotContain(DriftKind.FIREWALL_ENABLED_UNDECLARED);
    }
}
