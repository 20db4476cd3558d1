package ai.thinkheads.droptrace.core.phoenix.drift;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.phoenix.GeneratedFile;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecondNicDriftTest {

    @Test
    void a_second_nic_with_firewall_0_is_reported_as_its_first_is(@TempDir Path dir) throws IOException {
        // Given: the newest Nginx, its internal address on net1 (secondary_network_config), firewall enabled;
        // live, net0 has firewall=1 and net1 firewall=0
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"},
                             "internal_bridge": {"name": "vmbr100", "subnet": "172.16.100.0/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "default_output_policy": "ACCEPT",
                   "global_firewall_rules": []}}
                """);
        Files.writeString(etc.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {"101": {"name": "Nginx-Phoenix",
                  "network_config": {"name": "eth0", "bridge": "vmbr0", "ip": "dhcp"},
                  "secondary_network_config": {"name": "eth1", "bridge": "vmbr100", "ip": "172.16.100.10/24"},
                  "firewall": {"enabled": true, "rules": [
                    {"type": "in", "action": "ACCEPT", "source": "172.16.100.0/24", "proto": "tcp", "port": "443"}]}}}}
                """);
        Files.writeString(etc.resolve("phoenix_vm_configs.json"), "{\"vms\": []}");
        PhoenixRuleset declared = PhoenixSamples.load(etc, Generator.NEW);
        Path live = Files.createDirectories(dir.resolve("live"));
        for (GeneratedFile f : declared.generated().files()) {
            if (f.readByProxmox()) {
                Path target = live.resolve(f.path());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.text());
            }
        }
        Path conf = Files.createDirectories(live.resolve("nodes/phoenix/lxc")).resolve("101.conf");
        Files.writeString(conf, """
                hostname: Nginx-Phoenix
                net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=02:00:00:00:01:01,ip=dhcp,type=veth
                net1: name=eth1,bridge=vmbr100,firewall=0,hwaddr=02:00:00:00:01:02,ip=172.16.100.10/24,type=veth
                """);

        // When
        DriftReport report = DriftDetector.compare(declared, "sample",
                ConfigDirectoryReader.read(live, ReadOptions.defaults()), live);

        // Then
        assertThat(report.items()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(DriftKind.NIC_FIREWALL_OFF);
            assertThat(i.file()).isEqualTo("lxc/101.conf");
            assertThat(i.message()).isEqualTo("net1 of guest 101 has firewall=0 in lxc/101.conf: the rules of its firewall "
                    + "file do not filter what goes through it (172.16.100.10)");
            assertThat(i.declaredAt().path()).isEqualTo(".lxc_configs[\"101\"].secondary_network_config");
        });
    }
}
