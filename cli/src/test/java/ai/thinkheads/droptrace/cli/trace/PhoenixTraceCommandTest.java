package ai.thinkheads.droptrace.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhoenixTraceCommandTest {

    static final String ETC = Path.of("..", "deploy", "phoenix", "etc").toString();
    static final String OLD_ETC = Path.of("..", "deploy", "phoenix", "old-layout", "etc").toString();

    @Test
    void a_phoenix_folder_is_traced_like_etc_pve_and_the_answer_names_the_json_and_the_json_fix() {
        // When
        CliRun run = CliRun.of("trace", "--phoenix-etc", ETC, "--from", "ct103", "--to", "host", "-p", "udp", "--dport", "53");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.PATH_DROPPED);
        assertThat(run.out()).contains("rule     firewall/103.fw:8 [RULES], chain veth103i0-OUT, log nolog",
                "declared phoenix_lxc_configs.json:163 .lxc_configs[\"103\"].firewall.rules[3]",
                "fix json insert at phoenix_lxc_configs.json .lxc_configs[\"103\"].firewall.rules[3], before the rule that "
                        + "blocks: {\"type\": \"out\", \"action\": \"ACCEPT\", \"dest\": \"10.0.0.13\", \"proto\": \"udp\", "
                        + "\"port\": \"53\", \"comment\": \"droptrace trace\"}",
                "         the generator then writes firewall/103.fw: OUT ACCEPT -proto udp -dest 10.0.0.13 -dport 53");
        assertThat(run.err()).contains("1 line(s) of the configuration are skipped");
    }

    @Test
    void a_trace_from_the_host_to_a_guest_on_the_internal_bridge_leaves_from_the_hosts_address_on_that_bridge(
            @TempDir Path dir) throws IOException {
        // Given the newest layout: the host on vmbr0 (10.0.0.13/24) and gateway of the internal bridge (172.16.100.1);
        // Step-CA (103) there lets only the host's internal address reach :9000
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"name": "vmbr0", "address": "10.0.0.13/24"},
                             "internal_bridge": {"name": "vmbr100", "subnet": "172.16.100.0/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "default_output_policy": "ACCEPT",
                              "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {"103": {"name": "Step-CA",
                  "network_config": {"name": "eth0", "bridge": "vmbr100", "ip": "172.16.100.11/24", "gw": "172.16.100.1"},
                  "firewall": {"enabled": true, "rules": [
                    {"type": "in", "action": "ACCEPT", "source": "172.16.100.1", "proto": "tcp", "port": "9000"}]}}}}
                """);

        // When
        CliRun run = CliRun.of("trace", "--phoenix-etc", dir.toString(), "--from", "host", "--to", "ct103", "--dport", "9000");
        CliRun given = CliRun.of("trace", "--phoenix-etc", dir.toString(), "--from", "host", "--source", "10.0.0.13",
                "--to", "ct103", "--dport", "9000");
        CliRun v6 = CliRun.of("trace", "--phoenix-etc", dir.toString(), "--from", "host", "--dest", "fd00::5",
                "--dport", "22");

        // Then: as the kernel picks it for the connected route; a --source given is kept
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("packet   tcp 172.16.100.1 -> 172.16.100.11:9000 (host -> ct103)");
        assertThat(run.err()).contains("from the host's address on the destination's network, 172.16.100.1");
        assertThat(given.exitCode()).isEqualTo(ExitCodes.PATH_DROPPED);
        assertThat(given.out()).contains("packet   tcp 10.0.0.13 -> 172.16.100.11:9000");
        // the host has no IPv6 address: the stand-in source of simulate stays
        assertThat(v6.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(v6.out()).contains("-> [fd00::5]:22 (host -> outside)");
    }

    @Test
    void json_output_is_the_trace_result_with_a_phoenix_member() throws Exception {
        // When
        CliRun run = CliRun.of("trace", "--phoenix-etc", ETC, "--source", "10.0.0.153", "--dest", "10.0.0.12", "-p", "tcp",
                "--dport", "80", "--output", "json");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        TraceResult r = Json.events().readValue(run.out(), TraceResult.class);
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.rule().location()).isEqualTo("firewall/102.fw:5");
        JsonNode phoenix = Json.events().readTree(run.out()).get("phoenix");
        assertThat(phoenix.get("generator").asText()).isEqualTo("new");
        assertThat(phoenix.get("declaredAt").get("path").asText()).isEqualTo(".lxc_configs[\"102\"].firewall.rules[0]");
        assertThat(phoenix.has("fix")).isFalse();
    }

    @Test
    void the_older_generator_leaves_the_containers_unfiltered_and_says_whose_default_a_policy_is() {
        // When
        CliRun old = CliRun.of("trace", "--phoenix-etc", OLD_ETC, "--generator", "old", "--from", "ct101", "--to", "ct102",
                "--dport", "8443");
        CliRun vm = CliRun.of("trace", "--phoenix-etc", OLD_ETC, "--generator", "old", "--from", "outside", "--to", "vm1002",
                "--dport", "5000");

        // Then
        assertThat(old.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(vm.exitCode()).isEqualTo(ExitCodes.PATH_DROPPED);
        assertThat(vm.out()).contains("declared policy_in DROP is pve-firewall's default; the Phoenix JSON has no policy for guests",
                "fix json append to phoenix_vm_configs.json .vms[2].firewall.rules",
                "the generator then writes firewall/1002.fw: IN ACCEPT -p tcp -dport 5000 # droptrace trace");
        // the source simulate makes up for 'outside' is nobody's: the fix is for every source, not for it
        assertThat(vm.out()).doesNotContain("\"source\": \"100.100.1.2\"");
    }

    @Test
    void a_proxmox_directory_and_a_phoenix_folder_together_is_a_usage_error_and_a_bad_folder_a_config_error() {
        // When
        CliRun both = CliRun.of("trace", "--phoenix-etc", ETC, "--config-dir", "/etc/pve", "--from", "ct101", "--to", "ct102");
        CliRun bad = CliRun.of("trace", "--phoenix-etc", "no/such/etc", "--from", "ct101", "--to", "ct102");

        // Then
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("give --config-dir or --phoenix-etc, not both");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(bad.err()).contains("no/such/etc is not a directory");
    }

    @Test
    void a_guest_the_phoenix_json_does_not_declare_is_named_as_missing_from_the_json() {
        // When
        CliRun run = CliRun.of("trace", "--phoenix-etc", ETC, "--from", "ct101", "--to", "ct999", "--dport", "80");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("droptrace: guest 999 is not in the Phoenix JSON: neither phoenix_lxc_configs.json "
                + ".lxc_configs nor phoenix_vm_configs.json .vms declares it");
        assertThat(run.err()).doesNotContain("qemu-server");
    }

    @Test
    void the_generator_option_is_refused_without_a_phoenix_folder_and_a_wrong_one_named_as_the_help_writes_it() {
        // Given: a Proxmox directory, which no generator emulation touches
        String live = Path.of("..", "deploy", "phoenix", "live-pve").toString();

        // When
        CliRun proxmox = CliRun.of("trace", "--config-dir", live, "--generator", "old", "--from", "ct101", "--to", "ct102",
                "--dport", "443");
        CliRun check = CliRun.of("rules", "check", "--config-dir", live, "--generator", "new");
        CliRun wrong = CliRun.of("rules", "check", "--phoenix-etc", ETC, "--generator", "newest");
        CliRun upper = CliRun.of("rules", "check", "--phoenix-etc", OLD_ETC, "--generator", "OLD", "--output", "json");

        // Then
        assertThat(proxmox.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(proxmox.err()).contains("--generator works with --phoenix-etc only");
        assertThat(proxmox.out()).isEmpty();
        assertThat(check.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).contains("'newest' is not a Phoenix generator: use new (from 2025-11-14) or old")
                .doesNotContain("[OLD, NEW]");
        assertThat(upper.out()).contains("\"generator\" : \"old\"");
    }
}
