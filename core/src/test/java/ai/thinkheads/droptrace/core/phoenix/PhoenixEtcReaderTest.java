package ai.thinkheads.droptrace.core.phoenix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhoenixEtcReaderTest {

    @Test
    void both_layouts_give_the_same_site_with_the_global_section_where_each_keeps_it() {
        // When
        PhoenixSite newer = PhoenixEtcReader.read(PhoenixSamples.NEW_LAYOUT, null);
        PhoenixSite older = PhoenixEtcReader.read(PhoenixSamples.OLD_LAYOUT, null);

        // Then
        assertThat(newer.layout()).isEqualTo(PhoenixSite.Layout.TOP_LEVEL);
        assertThat(older.layout()).isEqualTo(PhoenixSite.Layout.NESTED);
        assertThat(newer.firewall().rules()).hasSize(9);
        assertThat(newer.firewall().rules().get(5).at().path()).isEqualTo(".firewall.global_firewall_rules[5]");
        assertThat(older.firewall().rules().get(5).at().path()).isEqualTo(".shared_volumes.firewall.global_firewall_rules[5]");
        assertThat(older.firewall().rules()).extracting(PhoenixRule::toJson)
                .isEqualTo(newer.firewall().rules().stream().map(PhoenixRule::toJson).toList());
        assertThat(older.inventory()).isEqualTo(newer.inventory());
        assertThat(older.warnings()).isEmpty();
        assertThat(newer.warnings()).isEmpty();
    }

    @Test
    void the_inventory_has_host_guests_addresses_bridges_nameservers_domain_and_step_ca() throws IOException {
        // When
        PhoenixSite site = PhoenixEtcReader.read(PhoenixSamples.NEW_LAYOUT, null);

        // Then
        PhoenixHost host = site.host();
        assertThat(host.name()).isEqualTo("phoenix");
        assertThat(host.addresses()).containsExactly("10.0.0.13");
        assertThat(host.networks()).containsExactly("10.0.0.0/24");
        assertThat(host.domain()).isEqualTo("internal.thinkheads.ai");
        assertThat(host.nameservers()).containsExactly("10.0.0.153", "8.8.8.8");
        assertThat(host.dnsServer()).isTrue();
        assertThat(host.stepCa().dnsName()).isEqualTo("ca.internal.thinkheads.ai");
        assertThat(host.stepCa().rootName()).isEqualTo("ThinkHeads Internal CA");
        assertThat(site.guests()).extracting(PhoenixGuest::vmid).containsExactly(900, 101, 102, 103, 801, 802, 9000, 1001, 1002);
        PhoenixGuest nginx = site.guest(101).orElseThrow();
        assertThat(nginx.type()).isEqualTo(GuestType.LXC);
        assertThat(nginx.address()).isEqualTo("10.0.0.153");
        assertThat(nginx.bridge()).isEqualTo("vmbr0");
        assertThat(nginx.nameservers()).containsExactly("10.0.0.13");
        assertThat(nginx.mac()).isEqualTo("52:54:00:67:89:B3");
        assertThat(nginx.serviceName()).isEqualTo("nginx");
        PhoenixGuest portainer = site.guest(1001).orElseThrow();
        assertThat(portainer.type()).isEqualTo(GuestType.QEMU);
        assertThat(portainer.address()).isEqualTo("10.0.0.111");
        assertThat(site.guest(9000).orElseThrow().address()).isNull();
        Inventory written = Json.strict().readValue(PhoenixSamples.DIR.resolve("inventory.json").toFile(), Inventory.class);
        assertThat(site.inventory()).isEqualTo(written);
    }

    @Test
    void rules_carry_their_json_path_and_line_and_what_breaks_the_schema() {
        // When
        PhoenixSite site = PhoenixEtcReader.read(PhoenixSamples.NEW_LAYOUT, null);

        // Then
        PhoenixRule mesh = site.guest(102).orElseThrow().firewall().rules().get(0);
        assertThat(mesh.at().describe()).isEqualTo("phoenix_lxc_configs.json:99 .lxc_configs[\"102\"].firewall.rules[0]");
        assertThat(mesh.port()).isEqualTo("80");
        PhoenixRule qdrant = site.guest(1002).orElseThrow().firewall().rules().get(1);
        assertThat(qdrant.port()).isEqualTo("6333");
        assertThat(qdrant.schemaProblems()).containsExactly("port is a number (6333); the schema wants a string");
        PhoenixRule icmp = site.guest(103).orElseThrow().firewall().rules().get(1);
        assertThat(icmp.schemaProblems()).containsExactly("proto 'icmp' is not one of tcp, udp");
        assertThat(site.firewall().rules().get(6).unknownKeys()).containsExactly("iface");
    }

    @Test
    void stacks_are_merged_into_the_vm_that_deploys_them_with_the_environment_it_names_or_the_only_one() {
        // When
        PhoenixSite site = PhoenixEtcReader.read(PhoenixSamples.NEW_LAYOUT, null);

        // Then
        assertThat(site.stacks()).extracting(StackRules::stack, StackRules::environment, StackRules::vmid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("portainer_service", "prod", 1001),
                        org.assertj.core.groups.Tuple.tuple("qdrant_service", "production", 1002));
        assertThat(site.stacks().get(0).rules().get(0).at().describe())
                .isEqualTo("../stacks/portainer_service/phoenix.json:17 .environments.prod.firewall_rules[0]");
        assertThat(site.guest(1001).orElseThrow().services()).extracting(ServicePort::port, ServicePort::what)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(9443, "stack portainer_service Traefik label"));
    }

    @Test
    void application_configs_give_the_ports_guests_serve_and_where_they_connect() {
        // When
        PhoenixSite site = PhoenixEtcReader.read(PhoenixSamples.NEW_LAYOUT, null);

        // Then
        PhoenixGuest nginx = site.guest(101).orElseThrow();
        assertThat(nginx.connections()).singleElement().satisfies(c -> {
            assertThat(c.host()).isEqualTo("traefik.internal.thinkheads.ai");
            assertThat(c.port()).isEqualTo(8443);
            assertThat(c.at().describe()).isEqualTo("nginx/sites-available/gateway:17");
        });
        PhoenixGuest traefik = site.guest(102).orElseThrow();
        assertThat(traefik.services()).extracting(ServicePort::port).containsExactly(80, 8443, 8080);
        assertThat(traefik.connections()).extracting(AppConnection::what)
                .containsExactly("bootstrap_ca_url", "traefik caServer", "traefik caServer");
    }

    @Test
    void an_nginx_file_that_is_not_utf_8_is_still_read(@TempDir Path dir) throws IOException {
        // Given: a Latin-1 comment, which nginx reads as bytes and does not mind
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{}");
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {"101": {"name": "Nginx-Phoenix", "network_config": {"ip": "10.0.0.153/24"}}}}
                """);
        Files.createDirectories(dir.resolve("nginx"));
        Files.write(dir.resolve("nginx").resolve("gateway"), ("# caf\u00e9 du r\u00e9seau\nserver {\n    listen 443 ssl;\n"
                + "    proxy_pass https://traefik.internal.thinkheads.ai:8443;\n}\n").getBytes(StandardCharsets.ISO_8859_1));

        // When
        PhoenixSite site = PhoenixEtcReader.read(dir, null);

        // Then
        PhoenixGuest nginx = site.guest(101).orElseThrow();
        assertThat(nginx.services()).extracting(ServicePort::port).containsExactly(443);
        assertThat(nginx.connections()).extracting(c -> c.at().describe()).containsExactly("nginx/gateway:4");
        assertThat(site.warnings()).extracting(w -> w.file()).doesNotContain("nginx/gateway");
    }

    @Test
    void a_json_file_with_a_comment_saved_in_latin_1_is_read_as_jq_reads_it_with_a_warning_and_utf_16_is_one_error(
            @TempDir Path dir) throws IOException {
        // Given: a rule comment saved in Latin-1 ('f\u00fcr' as one byte, 0xFC), which jq reads as U+FFFD
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{}");
        Files.write(dir.resolve("phoenix_lxc_configs.json"), ("{\"lxc_configs\": {\"101\": {\"name\": \"Nginx-Phoenix\",\n"
                + "  \"firewall\": {\"enabled\": true, \"rules\": [\n"
                + "    {\"type\": \"in\", \"action\": \"ACCEPT\", \"proto\": \"tcp\", \"port\": \"443\", \"comment\": \"HTTPS f\u00fcr alle\"}]}}}}\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        Path utf16 = Files.createDirectory(dir.resolve("utf16"));
        Files.writeString(utf16.resolve("phoenix_hypervisor_config.json"), "\uFEFF{}", StandardCharsets.UTF_16LE);

        // When
        PhoenixSite site = PhoenixEtcReader.read(dir, null);

        // Then
        assertThat(site.guest(101).orElseThrow().firewall().rules()).singleElement()
                .satisfies(r -> assertThat(r.comment()).isEqualTo("HTTPS f\uFFFDr alle"));
        assertThat(site.warnings()).filteredOn(w -> w.message().contains("UTF-8")).singleElement().satisfies(w -> {
            assertThat(w.file()).isEqualTo("phoenix_lxc_configs.json");
            assertThat(w.line()).isEqualTo(3);
            assertThat(w.message()).startsWith("line 3 is not UTF-8 (text saved in another encoding, Latin-1?): read as jq "
                    + "reads it");
        });
        assertThatThrownBy(() -> PhoenixEtcReader.read(utf16, null))
                .isInstanceOf(PhoenixConfigException.class)
                .hasMessage("phoenix_hypervisor_config.json: saved as UTF-16 (its byte order mark says so), which jq, and so "
                        + "the generator, cannot read: save it as UTF-8");
    }

    @Test
    void a_file_saved_with_a_byte_order_mark_is_read_as_jq_reads_it(@TempDir Path dir) throws IOException {
        // Given: an editor that writes UTF-8 with a BOM
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "\uFEFF{\"firewall\": {\"enabled\": true,\n"
                + "  \"global_firewall_rules\": [{\"type\": \"in\", \"action\": \"ACCEPT\", \"port\": \"22\"}]}}\n");

        // When
        PhoenixSite site = PhoenixEtcReader.read(dir, null);

        // Then
        assertThat(site.firewall().rules()).singleElement()
                .satisfies(r -> assertThat(r.at().describe()).isEqualTo("phoenix_hypervisor_config.json:2 "
                        + ".firewall.global_firewall_rules[0]"));
    }

    @Test
    void a_file_that_is_not_json_is_one_error_with_the_file_and_line(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{\n  \"firewall\": {\n    \"enabled\": true,,\n  }\n}\n");

        // When / Then
        assertThatThrownBy(() -> PhoenixEtcReader.read(dir, null))
                .isInstanceOf(PhoenixConfigException.class)
                .hasMessageStartingWith("phoenix_hypervisor_config.json: not valid JSON:")
                .hasMessageContaining("(line 3)");
    }

    @Test
    void an_empty_file_or_one_that_holds_no_object_says_which(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "\n  \n");
        Path list = Files.createDirectory(dir.resolve("list"));
        Files.writeString(list.resolve("phoenix_hypervisor_config.json"), "[{\"domain_name\": \"a\"}]\n");

        // When / Then
        assertThatThrownBy(() -> PhoenixEtcReader.read(dir, null))
                .isInstanceOf(PhoenixConfigException.class)
                .hasMessage("phoenix_hypervisor_config.json: the file is empty (expected a JSON object)");
        assertThatThrownBy(() -> PhoenixEtcReader.read(list, null))
                .isInstanceOf(PhoenixConfigException.class)
                .hasMessage("phoenix_hypervisor_config.json: not a JSON object but an array");
    }

    @Test
    void a_bracket_left_open_is_named_by_line_without_the_parsers_source_description(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{\n  \"firewall\": {\n"
                + "    \"global_firewall_rules\": [\n  }\n}\n");

        // When / Then
        assertThatThrownBy(() -> PhoenixEtcReader.read(dir, null))
                .isInstanceOf(PhoenixConfigException.class)
                .hasMessage("phoenix_hypervisor_config.json: not valid JSON: Unexpected close marker '}': expected ']' "
                        + "(for Array starting at line 3, column 30) (line 4)");
    }

    @Test
    void text_after_the_top_level_object_is_an_error_as_it_is_for_jq(@TempDir Path dir) throws IOException {
        // Given: a closing brace left over after an edit; jq (so the generator) stops with "Unmatched '}'"
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{\n  \"firewall\": {\"enabled\": true}\n}\n}\n");
        Path second = Files.createDirectory(dir.resolve("second"));
        Files.writeString(second.resolve("phoenix_hypervisor_config.json"), "{\"domain_name\": \"a\"}\n{\"domain_name\": \"b\"}\n");

        // When / Then
        assertThatThrownBy(() -> PhoenixEtcReader.read(dir, null))
                .isInstanceOf(PhoenixConfigException.class)
                .hasMessageStartingWith("phoenix_hypervisor_config.json: not valid JSON:")
                .hasMessageContaining("line 4");
        assertThatThrownBy(() -> PhoenixEtcReader.read(second, null))
                .isInstanceOf(PhoenixConfigException.class)
                .hasMessage("phoenix_hypervisor_config.json: not valid JSON: more JSON after the end of the top-level object "
                        + "(line 2, column 1); jq, and so the generator, reads it as a second document");
    }

    @Test
    void a_folder_without_the_hypervisor_config_is_refused(@TempDir Path dir) {
        // When / Then
        assertThatThrownBy(() -> PhoenixEtcReader.read(dir, null))
                .isInstanceOf(PhoenixConfigException.class)
                .hasMessageContaining("has no phoenix_hypervisor_config.json");
        assertThatThrownBy(() -> PhoenixEtcReader.read(dir.resolve("missing"), null))
                .hasMessageContaining("is not a directory");
    }

    @Test
    void what_cannot_be_used_is_a_warning_with_file_and_line(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"firewall": {"enabled": true, "global_firewall_rules": []},
                 "shared_volumes": {"firewall": {"enabled": false}}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "abc": {"name": "not-a-container"},
                  "104": {"name": "ok", "network_config": {"ip": "10.0.0.4/24"},
                          "firewall": {"enabled": "yes", "rules": {"type": "in"}}}
                }}
                """);

        // When
        PhoenixSite site = PhoenixEtcReader.read(dir, "pve1");

        // Then
        assertThat(site.host().name()).isEqualTo("pve1");
        assertThat(site.guests()).extracting(PhoenixGuest::vmid).containsExactly(104);
        assertThat(site.warnings()).extracting(w -> w.file() + ":" + w.line() + " " + w.message()).containsExactly(
                "phoenix_hypervisor_config.json:0 .network.interfaces.address is missing or not an address: the host's "
                        + "address is unknown, so rules check cannot ping or resolve from the host (class 6) and trace uses "
                        + "a made-up host address (give --host-address)",
                "phoenix_hypervisor_config.json:2 .shared_volumes.firewall is ignored: .firewall exists too, and generators "
                        + "since 2025-11-16 read that one",
                "phoenix_lxc_configs.json:2 .lxc_configs.abc is not a container (the key must be a container id of "
                        + "100 or more, the value an object); skipped",
                "phoenix_lxc_configs.json:4 .lxc_configs[\"104\"].firewall.enabled is not a boolean (\"yes\"); read as "
                        + "false, as jq's string comparison does",
                "phoenix_lxc_configs.json:4 .lxc_configs[\"104\"].firewall.rules is not an array; its rules are ignored "
                        + "(the generator's jq would fail on it)",
                "phoenix_vm_configs.json:0 phoenix_vm_configs.json not found: no VMs read");
        assertThat(List.of(site.layout())).containsExactly(PhoenixSite.Layout.TOP_LEVEL);
    }

    @Test
    void the_older_generator_reads_the_global_section_only_where_its_setup_script_does(@TempDir Path dir) throws IOException {
        // Given: a configuration in transition, with both sections, and one with the top-level section alone
        Path both = Files.createDirectories(dir.resolve("both"));
        Files.writeString(both.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "ACCEPT", "global_firewall_rules": []},
                 "shared_volumes": {"firewall": {"enabled": true, "default_input_policy": "DROP",
                   "global_firewall_rules": [{"type": "in", "action": "ACCEPT", "proto": "tcp", "port": "22"}]}}}
                """);
        Path top = Files.createDirectories(dir.resolve("top"));
        Files.writeString(top.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);

        // When
        PhoenixSite older = PhoenixEtcReader.read(both, null, Generator.OLD);
        PhoenixSite newer = PhoenixEtcReader.read(both, null, Generator.NEW);
        PhoenixSite olderTop = PhoenixEtcReader.read(top, null, Generator.OLD);

        // Then: the older script reads .shared_volumes.firewall alone; without it, it stops pve-firewall and writes nothing
        assertThat(older.layout()).isEqualTo(PhoenixSite.Layout.NESTED);
        assertThat(older.firewall().inputPolicy()).isEqualTo("DROP");
        assertThat(older.firewall().rules()).extracting(r -> r.at().path())
                .containsExactly(".shared_volumes.firewall.global_firewall_rules[0]");
        assertThat(older.warnings()).filteredOn(w -> w.file().equals(PhoenixSite.HYPERVISOR_FILE))
                .extracting(w -> w.line() + " " + w.message()).containsExactly(
                "2 .firewall is ignored: the older generator's setup script reads .shared_volumes.firewall");
        assertThat(newer.firewall().inputPolicy()).isEqualTo("ACCEPT");
        assertThat(olderTop.firewall()).isNull();
        assertThat(olderTop.layout()).isEqualTo(PhoenixSite.Layout.NONE);
        assertThat(olderTop.warnings()).extracting(w -> w.line() + " " + w.message()).contains(
                "2 .firewall is not read by the older generator's setup script, which reads .shared_volumes.firewall "
                        + "only: it finds no firewall enabled, stops pve-firewall and writes no cluster.fw (this layout is "
                        + "the newer generator's: --generator new)");
        assertThat(FwGenerator.generate(olderTop, Generator.OLD).file("firewall/cluster.fw")).isEmpty();
    }

    @Test
    void a_firewall_section_that_is_not_an_object_is_a_warning_not_a_silent_absence(@TempDir Path dir) throws IOException {
        // Given: the global section written as a string, a container's as a list of rules
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"firewall": "enabled",
                 "network": {"interfaces": {"address": "10.0.0.13/24"}}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "104": {"name": "ok", "network_config": {"ip": "10.0.0.4/24"},
                          "firewall": [{"type": "in", "action": "ACCEPT", "port": "22"}]}
                }}
                """);
        Files.writeString(dir.resolve("phoenix_vm_configs.json"), "{\"vms\": []}");

        // When
        PhoenixSite site = PhoenixEtcReader.read(dir, null);

        // Then
        assertThat(site.firewall()).isNull();
        assertThat(site.guest(104).orElseThrow().firewall()).isNull();
        assertThat(site.warnings()).extracting(w -> w.file() + ":" + w.line() + " " + w.message()).containsExactly(
                "phoenix_hypervisor_config.json:1 .firewall is not an object (a string); the generator's jq cannot read "
                        + "it, so no global firewall is read",
                "phoenix_lxc_configs.json:3 .lxc_configs[\"104\"].firewall is not an object (an array); the generator's "
                        + "jq cannot read it, so the guest is read without a firewall");
    }

    @Test
    void a_guest_declared_twice_under_the_same_id_is_a_warning_and_the_last_one_counts(@TempDir Path dir) throws IOException {
        // Given: a block copied to make a new container, its id left unchanged
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{}");
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "103": {"name": "Step-CA", "network_config": {"ip": "10.0.0.10/24"},
                          "firewall": {"enabled": true, "rules": [{"type": "in", "action": "ACCEPT", "port": "9000"}]}},
                  "103": {"name": "Step-CA-copy", "network_config": {"ip": "10.0.0.99/24"},
                          "firewall": {"enabled": true, "rules": [{"type": "in", "action": "DROP"}]}}
                }}
                """);

        // When
        PhoenixSite site = PhoenixEtcReader.read(dir, null);

        // Then
        PhoenixGuest ca = site.guest(103).orElseThrow();
        assertThat(ca.name()).isEqualTo("Step-CA-copy");
        assertThat(ca.firewall().rules().get(0).at().describe()).isEqualTo("phoenix_lxc_configs.json:5 "
                + ".lxc_configs[\"103\"].firewall.rules[0]");
        assertThat(site.warnings()).extracting(w -> w.file() + ":" + w.line() + " " + w.message()).contains(
                "phoenix_lxc_configs.json:4 .lxc_configs[\"103\"] is written twice (lines 2 and 4): the generator's jq, "
                        + "like droptrace, uses the last one and ignores the other");
    }

    @Test
    void nameservers_are_read_from_an_array_or_a_list_string_and_anything_else_is_a_warning(@TempDir Path dir)
            throws IOException {
        // Given: an array, a string with a comma and a space, a number, an array holding junk
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{}");
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "101": {"network_config": {"ip": "10.0.0.153/24", "nameservers": ["10.0.0.13"]}},
                  "102": {"network_config": {"ip": "10.0.0.12/24", "nameservers": "10.0.0.13, 8.8.8.8 1.1.1.1"}},
                  "103": {"network_config": {"ip": "10.0.0.10/24", "nameservers": 10}},
                  "104": {"network_config": {"ip": "10.0.0.4/24",
                          "nameservers": ["10.0.0.13", 8, "dns.example"]}}
                }}
                """);
        Files.writeString(dir.resolve("phoenix_vm_configs.json"), """
                {"vms": [{"vmid": 1001, "network_config": {"ip": "10.0.0.111/24", "nameserver": ["10.0.0.13", "8.8.4.4"]}}]}
                """);

        // When
        PhoenixSite site = PhoenixEtcReader.read(dir, null);

        // Then
        assertThat(site.guest(101).orElseThrow().nameservers()).containsExactly("10.0.0.13");
        assertThat(site.guest(102).orElseThrow().nameservers()).containsExactly("10.0.0.13", "8.8.8.8", "1.1.1.1");
        assertThat(site.guest(103).orElseThrow().nameservers()).isEmpty();
        assertThat(site.guest(104).orElseThrow().nameservers()).containsExactly("10.0.0.13");
        assertThat(site.guest(1001).orElseThrow().nameservers()).containsExactly("10.0.0.13", "8.8.4.4");
        assertThat(site.warnings()).filteredOn(w -> w.message().contains("nameserver"))
                .extracting(w -> w.file() + ":" + w.line() + " " + w.message()).containsExactly(
                "phoenix_lxc_configs.json:4 .lxc_configs[\"103\"].network_config.nameservers is a number (10), not an "
                        + "address list (a string or an array of strings); no DNS server read from it",
                "phoenix_lxc_configs.json:6 .lxc_configs[\"104\"].network_config.nameservers[1] is a number (8), not an "
                        + "address; ignored",
                "phoenix_lxc_configs.json:6 .lxc_configs[\"104\"].network_config.nameservers[2] is not an address "
                        + "(\"dns.example\"); ignored");
    }
}
