package ai.thinkheads.droptrace.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhoenixRulesCommandTest {

    static final Path PHOENIX = Path.of("..", "deploy", "phoenix");
    static final String ETC = PHOENIX.resolve("etc").toString();
    static final String OLD_ETC = PHOENIX.resolve("old-layout").resolve("etc").toString();
    static final String PROBES = PHOENIX.resolve("phoenix.yaml").toString();

    @Test
    void check_lists_the_failure_classes_with_json_path_and_fw_line_and_fails_on_the_unreadable_line() throws IOException {
        // When
        CliRun run = CliRun.of("rules", "check", "--phoenix-etc", ETC);
        CliRun json = CliRun.of("rules", "check", "--phoenix-etc", ETC, "--output", "json", "--min-severity", "warning");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.out()).contains(
                "ERROR   [4] rule line pve-firewall cannot use: unreadable-line\n"
                        + "  declared  phoenix_hypervisor_config.json:89 .firewall.global_firewall_rules[6]\n"
                        + "  becomes   firewall/cluster.fw:14  IN ACCEPT -iface vmbr0 # Allow traffic on the main bridge\n",
                "WARNING [3] port mismatch between a service and its rules: port-mismatch\n"
                        + "  declared  phoenix_lxc_configs.json:99 .lxc_configs[\"102\"].firewall.rules[0]\n"
                        + "  becomes   firewall/102.fw:5  IN ACCEPT -proto tcp -source 10.0.0.153 -dport 80",
                "Other findings on the generated files:",
                "firewall/103.fw:8      phoenix_lxc_configs.json:163 .lxc_configs[\"103\"].firewall.rules[3]  unlogged-rule",
                "1 error(s), 16 warning(s), 11 note(s) in Phoenix etc/ folder " + ETC + " (new generator); "
                        + "18 Phoenix finding(s) in 7 failure class(es)");
        JsonNode report = Json.events().readTree(json.out());
        assertThat(report.get("generator").asText()).isEqualTo("new");
        assertThat(report.get("errors").asInt()).isEqualTo(1);
        assertThat(report.get("findings")).allSatisfy(f -> assertThat(f.get("severity").asText()).isNotEqualTo("INFO"));
        assertThat(report.get("findings").get(0).get("declaredAt").get("path").asText())
                .isEqualTo(".firewall.global_firewall_rules[6]");
    }

    @Test
    void verify_and_enable_logging_refuse_a_proxmox_directory_given_beside_a_phoenix_folder_as_trace_does() {
        // When: each read the Phoenix folder and passed over the directory without a word
        CliRun verify = CliRun.of("rules", "verify", "--config", PROBES, "--phoenix-etc", ETC, "--config-dir", "/etc/pve");
        CliRun logging = CliRun.of("rules", "enable-logging", "--phoenix-etc", ETC, "--config-dir", "/etc/pve");

        // Then
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(verify.err()).contains("give --config-dir or --phoenix-etc, not both");
        assertThat(verify.out()).isEmpty();
        assertThat(logging.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(logging.err()).contains("give --config-dir or --phoenix-etc, not both");
        assertThat(logging.out()).isEmpty();
    }

    @Test
    void check_with_the_older_generator_on_the_older_layout_shows_guest_rules_in_cluster_fw() {
        // When
        CliRun run = CliRun.of("rules", "check", "--phoenix-etc", OLD_ETC, "--generator", "old", "--min-severity", "warning");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.out()).contains("[1] guest rule that filters the host: guest-rule-in-cluster-fw",
                "  declared  phoenix_lxc_configs.json:",
                "  becomes   firewall/cluster.fw:25  OUT DROP # Lock down all other egress from the CA",
                "  becomes   firewall/cluster.fw:13  IN ACCEPT iface vmbr0 # Allow traffic on the main bridge",
                "[2] guest firewall off, or on without a rule for what it serves: guest-not-enabled",
                "(old generator)");
    }

    @Test
    void verify_traces_every_must_work_path_names_the_deciding_rule_and_the_smallest_rule_to_add() {
        // When
        CliRun run = CliRun.of("rules", "verify", "--config", PROBES, "--phoenix-etc", ETC);

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(run.out()).containsPattern("nginx-to-traefik-web +tcp 10.0.0.153 -> 10.0.0.12:80 +works +ACCEPT +rule "
                + "firewall/102.fw:5 <- phoenix_lxc_configs.json:99 \\.lxc_configs\\[\"102\"\\]\\.firewall\\.rules\\[0\\]");
        assertThat(run.out()).containsPattern("nginx-to-traefik-mesh +tcp 10.0.0.153 -> 10.0.0.12:8443 +works +DROP +policy DROP "
                + "firewall/102.fw \\(default\\)");
        assertThat(run.out()).contains("nginx-to-traefik-mesh must work but is dropped: policy DROP of veth102i0-IN",
                "  add (JSON)  append to phoenix_lxc_configs.json .lxc_configs[\"102\"].firewall.rules (it becomes "
                        + ".lxc_configs[\"102\"].firewall.rules[2]): {\"type\": \"in\", \"action\": \"ACCEPT\", \"source\": "
                        + "\"10.0.0.153\", \"proto\": \"tcp\", \"port\": \"8443\", \"comment\": \"droptrace: must-work path "
                        + "nginx-to-traefik-mesh\"}",
                "  add (.fw)   firewall/102.fw: IN ACCEPT -proto tcp -source 10.0.0.153 -dport 8443 # droptrace: must-work "
                        + "path nginx-to-traefik-mesh",
                "  verified   traced again with this rule: the path is accepted",
                "stepca-dns must work but is dropped: rule firewall/103.fw:8",
                "  add (JSON)  insert at phoenix_lxc_configs.json .lxc_configs[\"103\"].firewall.rules[3], before the rule "
                        + "that blocks",
                "16 path(s) in Phoenix etc/ folder " + ETC + " (new generator): 6 allowed, 10 blocked, 10 must-work path(s) "
                        + "blocked; 8 probe(s) without a network path not traced");
        assertThat(run.err()).contains("stepca-health: runs local; traced from the host 10.0.0.13");
    }

    @Test
    void a_rule_proposed_for_two_probes_of_one_path_is_said_to_be_one_rule_so_it_is_not_added_twice() {
        // When: nginx-trusts-traefik probes the path nginx-to-traefik-mesh probes, stepca-dns-raw-udp that of stepca-dns
        CliRun run = CliRun.of("rules", "verify", "--config", PROBES, "--phoenix-etc", ETC);

        // Then: the second proposal of each says it is the first one's rule; another source's rule to 8443 does not
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        List<String> same = run.out().lines().filter(l -> l.startsWith("  same ")).toList();
        assertThat(same).containsExactly(
                "  same       as the rule for stepca-dns above but for its comment: add one, it lets both paths through",
                "  same       as the rule for stepca-health above but for its comment: add one, it lets both paths through",
                "  same       as the rule for stepca-health above but for its comment: add one, it lets both paths through",
                "  same       as the rule for nginx-to-traefik-mesh above but for its comment: add one, it lets both paths "
                        + "through");
        assertThat(run.out()).contains("# droptrace: must-work path nginx-trusts-traefik\n  same       as the rule for "
                + "nginx-to-traefik-mesh");
    }

    @Test
    void an_only_id_the_configuration_has_not_is_a_usage_error_naming_it() {
        // When
        CliRun run = CliRun.of("rules", "verify", "--config", PROBES, "--phoenix-etc", ETC, "--only", "nginx-dsn");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--only: no probe with id 'nginx-dsn' in the configuration");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void verify_passes_when_the_chosen_paths_work_and_reads_a_proxmox_directory_too() throws IOException {
        // When
        CliRun ok = CliRun.of("rules", "verify", "--config", PROBES, "--phoenix-etc", ETC, "--only",
                "nginx-to-traefik-web,traefik-to-portainer,nginx-dns");
        CliRun proxmox = CliRun.of("rules", "verify", "--config", PROBES, "--config-dir",
                Path.of("..", "deploy", "examples", "firewall", "phoenix").toString(), "--output", "json");

        // Then
        assertThat(ok.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("3 path(s)", "3 allowed, 0 blocked");
        assertThat(proxmox.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        JsonNode report = Json.events().readTree(proxmox.out());
        JsonNode mesh = find(report.get("paths"), "nginx-to-traefik-mesh");
        assertThat(mesh.get("action").asText()).isEqualTo("DROP");
        assertThat(mesh.get("fix").get(0).get("fwLine").asText())
                .isEqualTo("IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443 # droptrace: must-work path nginx-to-traefik-mesh");
        assertThat(mesh.get("fix").get(0).has("json")).isFalse();
        assertThat(mesh.get("fixVerified").asBoolean()).isTrue();
    }

    @Test
    void verify_reports_a_bad_probe_configuration_as_a_configuration_error(@TempDir Path dir) throws IOException {
        // Given
        Path bad = dir.resolve("probes.yaml");
        Files.writeString(bad, "site:\n  host: {name: phoenix}\nprobes:\n  - {id: x, kind: tcp, to: nowhere, port: 1, colour: red}\n");

        // When
        CliRun run = CliRun.of("rules", "verify", "--config", bad.toString(), "--phoenix-etc", ETC);

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).contains("unknown key 'colour'");
    }

    @Test
    void the_help_of_drift_says_its_config_dir_defaults_to_etc_pve_beside_the_phoenix_etc_it_needs() {
        // When: the line break of the help text falls anywhere, compared without it
        String drift = String.join(" ", CliRun.of("rules", "drift", "--help").out().split("\\s+"));
        String check = String.join(" ", CliRun.of("rules", "check", "--help").out().split("\\s+"));

        // Then
        assertThat(drift).contains("--config-dir=DIR The live Proxmox configuration directory to compare with",
                "Default: /etc/pve.").doesNotContain("unless --phoenix-etc is given");
        assertThat(check).contains("Default: /etc/pve, unless --phoenix-etc is given.");
    }

    @Test
    void drift_lists_every_difference_and_exits_with_the_check_code() {
        // When
        CliRun run = CliRun.of("rules", "drift", "--phoenix-etc", ETC, "--config-dir", PHOENIX.resolve("live-pve").toString());
        CliRun usage = CliRun.of("rules", "drift", "--config-dir", PHOENIX.resolve("live-pve").toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(run.out()).contains(
                "FIREWALL_NOT_ENABLED         the JSON enables guest 102's firewall but firewall/102.fw has no 'enable: 1'",
                "  declared  phoenix_lxc_configs.json:97 .lxc_configs[\"102\"].firewall.enabled",
                "MISSING_RULE                 declared rule missing from firewall/103.fw",
                "  generated firewall/103.fw:6 IN ACCEPT -proto icmp -source 10.0.0.0/24",
                "EXTRA_RULE                   rule in firewall/cluster.fw that the JSON does not declare",
                "  live      firewall/cluster.fw:8 IN ACCEPT -source 10.0.0.0/24 -p tcp -dport 8006",
                "IGNORED_HOST_FILE            firewall/phoenix.fw looks like a host file",
                "NIC_FIREWALL_OFF             net0 of guest 101 has firewall=0 in lxc/101.conf",
                "UNREADABLE_DECLARED_LINE     pve-firewall cannot read the declared line",
                "  declared  phoenix_hypervisor_config.json:89 .firewall.global_firewall_rules[6]",
                "9 difference(s) between");
        assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("give the declared side with --phoenix-etc DIR");
    }

    @Test
    void enable_logging_proposes_the_json_property_and_the_fw_change_and_warns_the_generator_ignores_it(@TempDir Path copy)
            throws IOException {
        // Given
        RulesCommandTest.copyTree(PHOENIX.resolve("old-layout"), copy);
        String etc = copy.resolve("etc").toString();

        // When
        CliRun dry = CliRun.of("rules", "enable-logging", "--phoenix-etc", etc, "--generator", "old");
        String before = Files.readString(copy.resolve("etc/phoenix_lxc_configs.json"));
        CliRun write = CliRun.of("rules", "enable-logging", "--phoenix-etc", etc, "--generator", "old", "--write");
        CliRun again = CliRun.of("rules", "enable-logging", "--phoenix-etc", etc, "--output", "json");
        CliRun check = CliRun.of("rules", "check", "--phoenix-etc", etc);

        // Then
        assertThat(dry.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(dry.out()).contains("--- a/phoenix_lxc_configs.json\n+++ b/phoenix_lxc_configs.json\n",
                "+                    {\"log_level\": \"info\", \"type\": \"out\", \"action\": \"DROP\"",
                "+                \"log_level_in\": \"info\",",
                "# The equivalent .fw change",
                "+OUT DROP -log info # Lock down all other egress from the CA",
                "+++ b/nodes/phoenix/host.fw");
        assertThat(dry.err()).contains("droptrace: warning: the current Phoenix generator ignores these JSON properties",
                "3 JSON file(s) to change; run again with --write");
        assertThat(before).doesNotContain("log_level");
        assertThat(write.err()).contains("3 JSON file(s) written");
        assertThat(Files.readString(copy.resolve("etc/phoenix_lxc_configs.json"))).contains("{\"log_level\": \"info\", \"type\": \"out\"");
        JsonNode report = Json.events().readTree(again.out());
        assertThat(report.get("json")).isEmpty();
        assertThat(report.get("fw")).isNotEmpty();
        assertThat(check.out()).contains("key 'log_level' is not in phoenix_lxc_configs.schema.json",
                "no Phoenix generator reads it yet");
    }

    @Test
    void enable_logging_takes_no_guest_scope_for_a_phoenix_folder() {
        // When
        CliRun run = CliRun.of("rules", "enable-logging", "--phoenix-etc", ETC, "--guest", "102");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--guest and --host work with --config-dir");
    }

    static JsonNode find(JsonNode paths, String id) {
        for (JsonNode p : paths) {
            if (p.get("path").get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no path " + id);
    }
}
