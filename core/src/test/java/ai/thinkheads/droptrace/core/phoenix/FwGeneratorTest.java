package ai.thinkheads.droptrace.core.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FwGeneratorTest {

    static final String HYPERVISOR = """
            {"network": {"interfaces": {"address": "10.0.0.13/24"}},
             "shared_volumes": {"firewall": {"enabled": true, "default_input_policy": "DROP",
               "global_firewall_rules": [
                 {"type": "in", "action": "ACCEPT", "source": "10.0.0.0/24", "dest": "10.0.0.13", "proto": "udp", "port": "53", "comment": "DNS"},
                 {"type": "in", "action": "ACCEPT", "iface": "vmbr0"}]}}}
            """;
    static final String LXCS = """
            {"lxc_configs": {
              "102": {"name": "Traefik-Internal", "network_config": {"ip": "10.0.0.12/24"}, "public_interface": {"enabled": true},
                      "firewall": {"enabled": true, "rules": [
                        {"type": "in", "action": "ACCEPT", "source": "10.0.0.153", "proto": "tcp", "port": "80", "comment": "web"},
                        {"type": "out", "action": "ACCEPT", "dest": "10.0.0.10", "proto": "tcp", "port": "9000"}]}},
              "900": {"name": "Copy-Base", "network_config": {"ip": "10.0.0.200/24"},
                      "firewall": {"enabled": false, "rules": [{"type": "in", "action": "ACCEPT", "proto": "tcp", "port": "22"}]}}
            }}
            """;
    static final String VMS = """
            {"vms": [{"vmid": 1001, "name": "Portainer", "network_config": {"ip": "10.0.0.111/24"},
                      "firewall": {"enabled": true, "rules": [
                        {"type": "in", "action": "ACCEPT", "source": "10.0.0.12", "proto": "tcp", "port": "9443", "comment": "api"}]}}]}
            """;

    static Path site(Path dir) throws IOException {
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), HYPERVISOR);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), LXCS);
        Files.writeString(dir.resolve("phoenix_vm_configs.json"), VMS);
        return dir;
    }

    @Test
    void the_older_generator_appends_every_rule_to_cluster_fw_and_writes_lxc_rules_through_the_api_without_enable(
            @TempDir Path dir) throws IOException {
        // When
        GeneratedConfig g = FwGenerator.generate(PhoenixEtcReader.read(site(dir), null), Generator.OLD);

        // Then
        assertThat(g.file("firewall/cluster.fw").orElseThrow().text()).isEqualTo("""
                [OPTIONS]
                enable: 1
                policy_in: DROP
                policy_out: null

                [RULES]
                IN ACCEPT -p udp -source 10.0.0.0/24 -dest 10.0.0.13 -dport 53 # DNS
                IN ACCEPT iface vmbr0
                IN ACCEPT -p tcp -source 10.0.0.153 -dport 80 # web
                OUT ACCEPT -p tcp -dest 10.0.0.10 -dport 9000
                IN ACCEPT -p tcp -dport 22
                IN ACCEPT -p tcp -source 10.0.0.12 -dport 9443 # api
                """);
        assertThat(g.file("firewall/102.fw").orElseThrow().text()).isEqualTo("""
                [RULES]

                OUT ACCEPT -dest 10.0.0.10 -p tcp -dport 9000
                IN ACCEPT -source 10.0.0.153 -p tcp -dport 80 # web
                """);
        assertThat(g.file("firewall/1001.fw").orElseThrow().text()).isEqualTo("""
                [OPTIONS]
                enable: 1

                [RULES]
                IN ACCEPT -p tcp -dport 9443 -source 10.0.0.12 # api
                """);
        assertThat(g.file("firewall/900.fw")).isEmpty();
    }

    @Test
    void the_newer_generator_writes_global_rules_to_cluster_fw_and_one_file_per_guest(@TempDir Path dir) throws IOException {
        // When
        GeneratedConfig g = FwGenerator.generate(PhoenixEtcReader.read(site(dir), null), Generator.NEW);

        // Then
        assertThat(g.file("firewall/cluster.fw").orElseThrow().text()).isEqualTo("""
                [OPTIONS]
                enable: 1
                policy_in: DROP
                policy_out: null

                [RULES]
                IN ACCEPT -i lo
                IN ACCEPT -proto udp -source 10.0.0.0/24 -dest 10.0.0.13 -dport 53 # DNS
                IN ACCEPT -iface vmbr0
                """);
        assertThat(g.file("firewall/102.fw").orElseThrow().text()).isEqualTo("""
                [OPTIONS]
                enable: 1

                [RULES]
                IN ACCEPT -proto tcp -source 10.0.0.153 -dport 80 # web
                OUT ACCEPT -proto tcp -dest 10.0.0.10 -dport 9000
                IN ACCEPT -i eth1 -p tcp -dport 80 -log nolog
                IN ACCEPT -i eth1 -p tcp -dport 443 -log nolog
                """);
        assertThat(g.file("firewall/900.fw").orElseThrow().lines()).isEmpty();
        GeneratedFile host = g.file("firewall/phoenix.fw").orElseThrow();
        assertThat(host.readByProxmox()).isFalse();
        assertThat(host.note()).contains("nodes/phoenix/host.fw");
    }

    @Test
    void every_rule_line_maps_back_to_its_json_path_and_a_rule_can_land_in_two_files(@TempDir Path dir) throws IOException {
        // Given
        PhoenixRuleset older = PhoenixRuleset.of(PhoenixEtcReader.read(site(dir), null), Generator.OLD, ReadOptions.defaults());

        // When
        JsonLocation web = older.site().guest(102).orElseThrow().firewall().rules().get(0).at();

        // Then
        assertThat(older.declaredAt("firewall/cluster.fw", 8)).map(JsonLocation::path)
                .contains(".shared_volumes.firewall.global_firewall_rules[1]");
        assertThat(older.declaredAt("firewall/cluster.fw", 4)).map(JsonLocation::path)
                .contains(".shared_volumes.firewall.default_output_policy");
        assertThat(older.declaredAt("firewall/cluster.fw", 5)).isEmpty();
        assertThat(older.generated().placements(web)).extracting(GeneratedConfig.Placement::location)
                .containsExactly("firewall/cluster.fw:9", "firewall/102.fw:4");
        assertThat(older.generated().placement(web, 102)).map(GeneratedConfig.Placement::location).contains("firewall/102.fw:4");
    }

    @Test
    void the_ruleset_is_what_pve_firewall_reads_from_the_generated_files() {
        // When
        PhoenixRuleset p = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);

        // Then
        assertThat(p.ruleset().node()).isEqualTo("phoenix");
        assertThat(p.ruleset().localNetwork()).isEqualTo("10.0.0.0/24");
        assertThat(p.ruleset().hosts()).isEmpty();
        assertThat(p.ruleset().guests()).extracting(FwFile::vmid).containsExactly(101, 102, 103, 801, 802, 900, 1001, 1002, 9000);
        assertThat(p.ruleset().cluster().warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(14);
            assertThat(w.message()).isEqualTo("unable to parse rule parameters: -iface vmbr0");
        });
        for (GeneratedFile f : p.generated().files()) {
            for (GeneratedLine l : f.lines()) {
                if (l.text().startsWith("IN ") || l.text().startsWith("OUT ")) {
                    assertThat(l.declaredAt()).as(f.path() + ":" + l.line()).isNotNull();
                }
            }
        }
    }
}
