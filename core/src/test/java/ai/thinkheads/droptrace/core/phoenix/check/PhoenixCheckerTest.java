package ai.thinkheads.droptrace.core.phoenix.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoenixCheckerTest {

    static List<PhoenixFinding> check(Path etc, Generator generator) {
        return check(PhoenixSamples.load(etc, generator));
    }

    static List<PhoenixFinding> check(PhoenixRuleset p) {
        return PhoenixChecker.check(p, RuleTracer.compile(p.ruleset()));
    }

    static Path layout(String name) {
        return name.equals("new") ? PhoenixSamples.NEW_LAYOUT : PhoenixSamples.OLD_LAYOUT;
    }

    static String global(String name) {
        return name.equals("new") ? ".firewall" : ".shared_volumes.firewall";
    }

    @ParameterizedTest(name = "{0} layout")
    @ValueSource(strings = {"new", "old"})
    void every_failure_class_is_found_with_its_json_path_and_fw_line(String name) {
        // When
        List<PhoenixFinding> findings = check(layout(name), Generator.NEW);

        // Then
        assertThat(findings).extracting(PhoenixFinding::failureClass).containsAll(EnumSet.allOf(FailureClass.class));
        assertThat(findings).extracting(f -> f.failureClass().number(), PhoenixFinding::code, f -> f.declaredAt().path(),
                PhoenixFinding::fwLocation).contains(
                tuple(1, "guest-rule-in-global-rules", global(name) + ".global_firewall_rules[5]", "firewall/cluster.fw:13"),
                tuple(2, "service-not-allowed", ".lxc_configs[\"802\"].traefik_service.port", "firewall/802.fw:2"),
                tuple(2, "guest-firewall-disabled", ".lxc_configs[\"900\"].firewall.enabled", "firewall/900.fw"),
                tuple(3, "port-mismatch", ".lxc_configs[\"101\"].firewall.rules[2]", "firewall/101.fw:7"),
                tuple(3, "port-mismatch", ".lxc_configs[\"102\"].firewall.rules[0]", "firewall/102.fw:5"),
                tuple(4, "unreadable-line", global(name) + ".global_firewall_rules[6]", "firewall/cluster.fw:14"),
                tuple(5, "stale-address", ".vms[2].firewall.rules[0]", "firewall/1002.fw:5"),
                tuple(6, "ping-blocked", ".lxc_configs[\"102\"].firewall.rules", "firewall/102.fw:2"),
                tuple(6, "dns-blocked", ".lxc_configs[\"103\"].firewall.rules[3]", "firewall/103.fw:8"),
                tuple(7, "outside-schema", ".vms[2].firewall.rules[1]", "firewall/1002.fw:6"),
                tuple(7, "outside-schema", ".lxc_configs[\"103\"].firewall.rules[1]", "firewall/103.fw:6"));
        assertThat(findings).filteredOn(f -> f.severity() == Severity.ERROR).extracting(PhoenixFinding::code)
                .containsOnly("unreadable-line");
    }

    @Test
    void each_finding_says_what_it_breaks_and_the_fix_in_the_sites_terms() {
        // When
        List<PhoenixFinding> findings = check(PhoenixSamples.NEW_LAYOUT, Generator.NEW);

        // Then
        PhoenixFinding mismatch = find(findings, "port-mismatch", "firewall/102.fw:5");
        assertThat(mismatch.message()).contains("Nginx-Phoenix (ct101) connects to traefik.internal.thinkheads.ai:8443",
                "nginx/sites-available/gateway:17", "allows tcp/80 only", "traefik/traefik.yml.template:6");
        assertThat(mismatch.breaks()).startsWith("the connection is dropped (traced: policy DROP of veth102i0-IN");
        assertThat(mismatch.fixJson()).contains("\"port\": \"80,8443\"");
        PhoenixFinding dns = find(findings, "dns-blocked", "firewall/103.fw:8");
        assertThat(dns.message()).startsWith("Step-CA (ct103) cannot resolve names: udp/53 to its nameserver 10.0.0.13");
        assertThat(dns.fix()).startsWith("insert at phoenix_lxc_configs.json .lxc_configs[\"103\"].firewall.rules[3], before")
                .contains("firewall/103.fw: OUT ACCEPT -proto udp -dest 10.0.0.13 -dport 53");
        PhoenixFinding global = find(findings, "guest-rule-in-global-rules", "firewall/cluster.fw:13");
        assertThat(global.message()).contains("drphoenix (vm1002)", "destination 10.0.0.102");
        assertThat(global.fixJson()).doesNotContain("dest").contains("\"source\": \"10.0.0.111\"", "\"port\": \"9001\"");
        PhoenixFinding unreadable = find(findings, "unreadable-line", "firewall/cluster.fw:14");
        assertThat(unreadable.fwText()).isEqualTo("IN ACCEPT -iface vmbr0 # Allow traffic on the main bridge");
        assertThat(unreadable.fix()).contains("pve-firewall knows '-i', not '-iface'");
        PhoenixFinding ping = find(findings, "ping-blocked", "firewall/102.fw:2");
        assertThat(ping.fixJson()).isEqualTo("{\"type\": \"in\", \"action\": \"ACCEPT\", \"source\": \"10.0.0.0/24\", "
                + "\"proto\": \"icmp\", \"comment\": \"Allow ping from the internal network\"}");
    }

    @ParameterizedTest(name = "{0} generator")
    @ValueSource(strings = {"new", "old"})
    void an_iface_rule_with_nothing_else_to_match_is_to_be_removed_not_stripped_of_iface_into_an_accept_all(String name,
            @TempDir Path dir) throws IOException {
        // Given: the site's 'Allow traffic on the main bridge' rule (iface alone), and an SSH rule that also names vmbr0
        String section = """
                {"enabled": true, "default_input_policy": "DROP", "default_output_policy": "ACCEPT", "global_firewall_rules": [
                  {"type": "in", "action": "ACCEPT", "iface": "vmbr0", "comment": "Allow traffic on the main bridge"},
                  {"type": "in", "action": "ACCEPT", "iface": "vmbr0", "proto": "tcp", "port": "22"}]}""";
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), "{\"network\": {\"interfaces\": {\"name\": \"vmbr0\", "
                + "\"address\": \"10.0.0.13/24\"}},\n" + (name.equals("new") ? "\"firewall\": " + section
                        : "\"shared_volumes\": {\"firewall\": " + section + "}") + "}\n");
        Generator generator = name.equals("new") ? Generator.NEW : Generator.OLD;

        // When
        List<PhoenixFinding> findings = check(dir, generator);

        // Then: without "iface" the first would accept every packet to the host, ahead of its DROP policy
        String rules = global(name) + ".global_firewall_rules";
        assertThat(findings).filteredOn(f -> f.code().equals("unreadable-line")).extracting(f -> f.declaredAt().path(),
                PhoenixFinding::fix).containsExactly(
                tuple(rules + "[0]", (name.equals("new") ? "pve-firewall knows '-i', not '-iface'"
                        : "the older generate_rule_string writes 'iface X' without a dash and pve-firewall wants '-i X'")
                        + ": remove the rule at " + rules + "[0] (the site removed it); without \"iface\" it would be "
                        + "'IN ACCEPT', which accepts every packet to the host, ahead of the rules after it and the policy"),
                tuple(rules + "[1]", (name.equals("new") ? "pve-firewall knows '-i', not '-iface'"
                        : "the older generate_rule_string writes 'iface X' without a dash and pve-firewall wants '-i X'")
                        + ": remove \"iface\" from " + rules + "[1] (the rule then matches on every interface), or fix the "
                        + "generator"));
    }

    @Test
    void with_the_older_generator_guest_rules_land_in_cluster_fw_and_lxc_firewalls_are_never_enabled() {
        // When
        List<PhoenixFinding> findings = check(PhoenixSamples.OLD_LAYOUT, Generator.OLD);

        // Then
        PhoenixFinding copied = find(findings, "guest-rule-in-cluster-fw", "firewall/cluster.fw:25");
        assertThat(copied.declaredAt().path()).isEqualTo(".lxc_configs[\"103\"].firewall.rules[3]");
        assertThat(copied.fwText()).isEqualTo("OUT DROP # Lock down all other egress from the CA");
        assertThat(copied.breaks()).contains("it blocks the host's own outbound traffic: all protocols to anyone;");
        PhoenixFinding notEnabled = find(findings, "guest-not-enabled", "firewall/102.fw:1");
        assertThat(notEnabled.declaredAt().path()).isEqualTo(".lxc_configs[\"102\"].firewall");
        assertThat(notEnabled.message()).contains("never sets the guest firewall option 'enable'");
        PhoenixFinding unreadable = find(findings, "unreadable-line", "firewall/cluster.fw:13");
        assertThat(unreadable.fwText()).isEqualTo("IN ACCEPT iface vmbr0 # Allow traffic on the main bridge");
        assertThat(unreadable.fix()).contains("'iface X' without a dash");
        assertThat(unreadable.breaks()).contains("made 'phoenix-cli sync all' fail");
        assertThat(find(findings, "port-mismatch", "firewall/102.fw:4").breaks()).startsWith("not enforced today");
        assertThat(findings).filteredOn(f -> f.code().equals("ping-blocked")).extracting(PhoenixFinding::fwLocation)
                .containsOnly("firewall/cluster.fw:25");
    }

    @Test
    void a_dns_rule_left_behind_by_a_re_ip_is_stale(@TempDir Path dir) throws IOException {
        // Given: the newest site moved 102 to 172.16.100.12, resolving through the host's gateway 172.16.100.1
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"},
                             "internal_bridge": {"name": "vmbr100", "subnet": "172.16.100.0/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {"102": {"name": "Traefik-Internal",
                  "network_config": {"bridge": "vmbr100", "ip": "172.16.100.12/24", "gw": "172.16.100.1",
                                     "nameservers": "172.16.100.1"},
                  "firewall": {"enabled": true, "rules": [
                    {"type": "out", "action": "ACCEPT", "dest": "10.0.0.13", "proto": "udp", "port": "53"},
                    {"type": "in", "action": "ACCEPT", "source": "172.16.100.99", "proto": "tcp", "port": "443"}]}}}}
                """);
        PhoenixRuleset p = PhoenixSamples.load(dir, Generator.NEW);

        // When
        List<PhoenixFinding> findings = check(p);

        // Then
        assertThat(p.site().host().addresses()).containsExactly("10.0.0.13", "172.16.100.1");
        assertThat(findings).filteredOn(f -> f.failureClass() == FailureClass.STALE_ADDRESS)
                .extracting(PhoenixFinding::code, f -> f.declaredAt().path(), PhoenixFinding::fwLocation)
                .containsExactly(tuple("stale-dns-rule", ".lxc_configs[\"102\"].firewall.rules[0]", "firewall/102.fw:5"),
                        tuple("stale-address", ".lxc_configs[\"102\"].firewall.rules[1]", "firewall/102.fw:6"));
        assertThat(findings).filteredOn(f -> f.code().equals("stale-dns-rule")).singleElement()
                .satisfies(f -> assertThat(f.fix()).isEqualTo("set \"dest\": \"172.16.100.1\" at .lxc_configs[\"102\"].firewall.rules[0]"));
    }

    @Test
    void an_address_on_the_second_nic_of_the_newest_configs_is_the_guests_and_not_stale(@TempDir Path dir) throws IOException {
        // Given: the newest Nginx: net0 by DHCP on the public VLAN, its internal address on secondary_network_config
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"},
                             "internal_bridge": {"name": "vmbr100", "subnet": "172.16.100.0/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "101": {"name": "Nginx-Phoenix",
                    "network_config": {"name": "eth0", "bridge": "vmbr0.20", "ip": "dhcp", "hwaddr": "02:00:00:00:01:01"},
                    "secondary_network_config": {"name": "eth1", "bridge": "vmbr100", "ip": "172.16.100.10/24",
                                                 "hwaddr": "02:00:00:00:01:02", "gw": "172.16.100.1"},
                    "mac_address": "02:00:00:00:01:01",
                    "firewall": {"enabled": false, "rules": []}},
                  "102": {"name": "Traefik-Internal",
                    "network_config": {"bridge": "vmbr100", "ip": "172.16.100.12/24", "gw": "172.16.100.1"},
                    "firewall": {"enabled": true, "rules": [
                      {"type": "in", "action": "ACCEPT", "source": "172.16.100.10", "proto": "tcp", "port": "8443"}]}}}}
                """);
        PhoenixRuleset p = PhoenixSamples.load(dir, Generator.NEW);

        // When
        List<PhoenixFinding> findings = check(p);

        // Then
        assertThat(p.site().guestByAddress("172.16.100.10")).map(g -> g.vmid()).contains(101);
        assertThat(p.ruleset().inventory().byVmid(101).orElseThrow().nics())
                .extracting(n -> n.index(), n -> n.bridge(), n -> n.mac(), n -> n.addresses())
                .containsExactly(tuple(0, "vmbr0.20", "02:00:00:00:01:01", List.of()),
                        tuple(1, "vmbr100", "02:00:00:00:01:02", List.of("172.16.100.10")));
        assertThat(findings).filteredOn(f -> f.failureClass() == FailureClass.STALE_ADDRESS).isEmpty();
    }

    @Test
    void a_guest_whose_address_is_on_its_second_nic_is_still_checked_for_port_mismatch_and_ping(@TempDir Path dir)
            throws IOException {
        // Given: the newest Nginx (net0 dhcp, 172.16.100.10 on net1) proxies to Traefik on 8443, which allows it 443 only
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"},
                             "internal_bridge": {"name": "vmbr100", "subnet": "172.16.100.0/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "101": {"name": "Nginx-Phoenix",
                    "network_config": {"name": "eth0", "bridge": "vmbr0.20", "ip": "dhcp"},
                    "secondary_network_config": {"name": "eth1", "bridge": "vmbr100", "ip": "172.16.100.10/24"},
                    "firewall": {"enabled": true, "rules": []}},
                  "102": {"name": "Traefik-Internal",
                    "network_config": {"bridge": "vmbr100", "ip": "172.16.100.12/24", "gw": "172.16.100.1"},
                    "firewall": {"enabled": false, "rules": [
                      {"type": "in", "action": "ACCEPT", "source": "172.16.100.10", "proto": "tcp", "port": "443"}]}}}}
                """);
        Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(dir.resolve("nginx").resolve("gateway"), "location / {\n"
                + "    proxy_pass https://traefik.internal.thinkheads.ai:8443;\n}\n");
        PhoenixRuleset p = PhoenixSamples.load(dir, Generator.NEW);

        // When
        List<PhoenixFinding> findings = check(p);

        // Then
        assertThat(findings).extracting(PhoenixFinding::code, f -> f.declaredAt().path()).contains(
                tuple("port-mismatch", ".lxc_configs[\"102\"].firewall.rules[0]"),
                tuple("ping-blocked", ".lxc_configs[\"101\"].firewall.rules"));
        assertThat(find(findings, "ping-blocked", "firewall/101.fw:2").message())
                .contains("from the host 172.16.100.1 to Nginx-Phoenix (ct101)");
    }

    @Test
    void a_vms_nameserver_written_as_the_vm_configs_do_is_read_and_its_stale_dns_rule_found(@TempDir Path dir)
            throws IOException {
        // Given: phoenix_vm_configs.json names a VM's resolver 'nameserver' (the containers' say 'nameservers')
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"},
                             "internal_bridge": {"name": "vmbr100", "subnet": "172.16.100.0/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_vm_configs.json"), """
                {"vms": [{"vmid": 1001, "name": "Portainer",
                  "network_config": {"ip": "10.0.0.111/24", "gw": "10.0.0.1", "nameserver": "172.16.100.1"},
                  "firewall": {"enabled": true, "rules": [
                    {"type": "out", "action": "ACCEPT", "dest": "10.0.0.13", "proto": "udp", "port": "53"}]}}]}
                """);
        PhoenixRuleset p = PhoenixSamples.load(dir, Generator.NEW);

        // When
        List<PhoenixFinding> findings = check(p);

        // Then
        assertThat(p.site().guest(1001).orElseThrow().nameservers()).containsExactly("172.16.100.1");
        assertThat(findings).extracting(PhoenixFinding::code, f -> f.declaredAt().path())
                .contains(tuple("stale-dns-rule", ".vms[0].firewall.rules[0]"));
        assertThat(findings).filteredOn(f -> f.code().equals("stale-dns-rule")).singleElement()
                .satisfies(f -> assertThat(f.message()).endsWith("resolves through 172.16.100.1 (network_config.nameserver)"));
    }

    @Test
    void a_guest_on_the_internal_bridge_is_pinged_from_the_hosts_address_on_that_bridge(@TempDir Path dir)
            throws IOException {
        // Given: after the re-IP the host reaches 172.16.100.0/24 as 172.16.100.1; 103 allows ICMP from that network,
        // 102 still only from the old flat network
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"},
                             "internal_bridge": {"name": "vmbr100", "subnet": "172.16.100.0/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "102": {"name": "Traefik-Internal", "network_config": {"bridge": "vmbr100", "ip": "172.16.100.12/24"},
                    "firewall": {"enabled": true, "rules": [
                      {"type": "in", "action": "ACCEPT", "proto": "icmp", "source": "10.0.0.0/24"}]}},
                  "103": {"name": "Step-CA", "network_config": {"bridge": "vmbr100", "ip": "172.16.100.11/24"},
                    "firewall": {"enabled": true, "rules": [
                      {"type": "in", "action": "ACCEPT", "proto": "icmp", "source": "172.16.100.0/24"}]}}}}
                """);
        PhoenixRuleset p = PhoenixSamples.load(dir, Generator.NEW);

        // When
        List<PhoenixFinding> findings = check(p);

        // Then
        assertThat(findings).filteredOn(f -> f.code().equals("ping-blocked")).singleElement().satisfies(f -> {
            assertThat(f.message()).startsWith("ping (ICMP echo-request) from the host 172.16.100.1 to Traefik-Internal (ct102)");
            assertThat(f.fixJson()).contains("\"source\": \"172.16.100.0/24\"");
        });
    }

    @Test
    void a_rule_for_the_right_port_but_udp_does_not_cover_a_tcp_connection(@TempDir Path dir) throws IOException {
        // Given: Nginx proxies to Traefik over tcp/8443; Traefik's rule for Nginx names 8443, but udp
        PhoenixRuleset p = traefikWithOneRuleForNginx(dir, """
                {"type": "in", "action": "ACCEPT", "source": "10.0.0.153", "proto": "udp", "port": "80,8443"}""");

        // When
        List<PhoenixFinding> findings = check(p);

        // Then
        assertThat(findings).filteredOn(f -> f.code().equals("port-mismatch")).singleElement().satisfies(f -> {
            assertThat(f.declaredAt().path()).isEqualTo(".lxc_configs[\"102\"].firewall.rules[0]");
            assertThat(f.message()).contains("allows udp/80,8443 only");
            assertThat(f.fix()).startsWith("set \"proto\": \"tcp\" at .lxc_configs[\"102\"].firewall.rules[0]");
            assertThat(f.fixJson()).contains("\"proto\": \"tcp\", \"port\": \"80,8443\"");
        });
    }

    @Test
    void a_port_written_as_a_json_list_is_no_port_mismatch_and_its_fix_is_the_list_as_a_string(@TempDir Path dir)
            throws IOException {
        // Given: Traefik's rule for Nginx writes its ports as a JSON array, which the generator cannot turn into a -dport
        PhoenixRuleset p = traefikWithOneRuleForNginx(dir, """
                {"type": "in", "action": "ACCEPT", "source": "10.0.0.153", "proto": "tcp", "port": ["80", 8443]}""");

        // When
        List<PhoenixFinding> findings = check(p);

        // Then: the rule is never compiled (class 4) and outside the schema (class 7), whose fix is the string form
        assertThat(findings).extracting(PhoenixFinding::code).doesNotContain("port-mismatch").contains("rule-error");
        assertThat(findings).filteredOn(f -> f.code().equals("outside-schema")).singleElement().satisfies(f -> {
            assertThat(f.message()).startsWith("port is an array ([\"80\",8443])");
            assertThat(f.fix()).isEqualTo("write \"port\": \"80,8443\" at .lxc_configs[\"102\"].firewall.rules[0] (a list of "
                    + "ports is one string, comma-separated)");
        });
    }

    @Test
    void a_port_mismatch_whose_path_a_broader_rule_lets_through_says_so_and_not_that_its_chain_is_not_compiled(
            @TempDir Path dir) throws IOException {
        // Given: Traefik's rule for Nginx allows tcp/80 only, and after it the catch-all the newest site added 'to fix
        // timeout', which lets every packet from Nginx through; Traefik's chain is compiled (enable: 1)
        PhoenixRuleset p = traefikWithOneRuleForNginx(dir, """
                {"type": "in", "action": "ACCEPT", "source": "10.0.0.153", "proto": "tcp", "port": "80"},
                {"type": "in", "action": "ACCEPT", "source": "10.0.0.153", "comment": "Allow all inbound traffic from Nginx to fix timeout"}""");

        // When
        List<PhoenixFinding> findings = check(p);

        // Then: what the firewall does today, by the rule that does it
        assertThat(find(findings, "port-mismatch", "firewall/102.fw:5").breaks()).isEqualTo("nothing today: rule "
                + "firewall/102.fw:6 [RULES] 'IN ACCEPT -source 10.0.0.153 # Allow all inbound traffic from Nginx to fix "
                + "timeout' (chain veth102i0-IN) lets the connection through (traced), not this rule");
    }

    @Test
    void a_key_of_a_firewall_section_the_generator_does_not_read_is_class_7_with_what_it_loses(@TempDir Path dir)
            throws IOException {
        // Given: 104's SSH rule written under "rule" (the generator reads "rules") and a policy_in, which the generator
        // never writes for a guest; a misspelt policy in the global section
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "default_output_policy": "ACCEPT",
                   "default_inptu_policy": "ACCEPT", "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "104": {"name": "App", "network_config": {"ip": "10.0.0.4/24"},
                    "firewall": {"enabled": true, "policy_in": "ACCEPT",
                      "rule": [{"type": "in", "action": "ACCEPT", "proto": "tcp", "port": "22"}],
                      "rules": [{"type": "in", "action": "ACCEPT", "source": "10.0.0.0/24", "proto": "icmp"}]}}}}
                """);

        // When
        List<PhoenixFinding> findings = check(PhoenixSamples.load(dir, Generator.NEW));

        // Then
        assertThat(findings).filteredOn(f -> f.code().equals("unknown-key")).extracting(PhoenixFinding::severity,
                f -> f.declaredAt().describe(), PhoenixFinding::fwLocation, PhoenixFinding::message).containsExactly(
                tuple(Severity.WARNING, "phoenix_lxc_configs.json:3 .lxc_configs[\"104\"].firewall.policy_in", "firewall/104.fw",
                        "key 'policy_in' of App (ct104)'s firewall section is not one the generator reads (enabled, rules)"),
                tuple(Severity.WARNING, "phoenix_lxc_configs.json:4 .lxc_configs[\"104\"].firewall.rule", "firewall/104.fw",
                        "key 'rule' of App (ct104)'s firewall section is not one the generator reads (enabled, rules)"),
                tuple(Severity.WARNING, "phoenix_hypervisor_config.json:3 .firewall.default_inptu_policy", "firewall/cluster.fw",
                        "key 'default_inptu_policy' of the global firewall section is not one the generator reads (enabled, "
                                + "default_input_policy, default_output_policy, global_firewall_rules)"));
        assertThat(findings).filteredOn(f -> f.code().equals("unknown-key")).extracting(PhoenixFinding::breaks,
                PhoenixFinding::fix).containsExactly(
                tuple("the generator ignores it: no generator writes a guest's policy, so pve-firewall's default applies "
                        + "(policy_in DROP)", "a guest's policy cannot be set in the Phoenix JSON: allow what it needs with "
                        + "rules instead"),
                tuple("the generator ignores it: its 1 rule(s) are not written to firewall/104.fw", "move them into "
                        + ".lxc_configs[\"104\"].firewall.rules"),
                tuple("the generator ignores it: firewall/cluster.fw does not have what it says",
                        "remove it: the generator reads \"default_input_policy\" instead"));
    }

    @Test
    void a_rule_key_the_generator_ignores_in_place_of_a_schema_key_is_a_warning_that_the_rule_matches_more(@TempDir Path dir)
            throws IOException {
        // Given: SSH to 104 written with "dport" (the generator writes "port" only: the line accepts every tcp port), a
        // DROP written with "src", and a log_level, which only logs nothing
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "default_output_policy": "ACCEPT",
                   "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "104": {"name": "App", "network_config": {"ip": "10.0.0.4/24"},
                    "firewall": {"enabled": true, "rules": [
                      {"type": "in", "action": "ACCEPT", "source": "10.0.0.0/24", "proto": "tcp", "dport": "22"},
                      {"type": "in", "action": "DROP", "src": "10.0.0.99", "log_level": "info"}]}}}}
                """);

        // When
        List<PhoenixFinding> findings = check(PhoenixSamples.load(dir, Generator.NEW));

        // Then
        assertThat(findings).filteredOn(f -> f.code().equals("unknown-key")).extracting(PhoenixFinding::severity,
                PhoenixFinding::fwLocation, PhoenixFinding::message, PhoenixFinding::breaks, PhoenixFinding::fix)
                .containsExactly(
                        tuple(Severity.WARNING, "firewall/104.fw:5", "key 'dport' is not in phoenix_lxc_configs.schema.json",
                                "the generator ignores it: the rule it writes matches every port, so it accepts more than "
                                        + "it says", "rename \"dport\" to \"port\" at .lxc_configs[\"104\"].firewall.rules[0]"),
                        tuple(Severity.WARNING, "firewall/104.fw:6", "key 'src' is not in phoenix_lxc_configs.schema.json",
                                "the generator ignores it: the rule it writes matches every source, so it drops more than "
                                        + "it says", "rename \"src\" to \"source\" at .lxc_configs[\"104\"].firewall.rules[1]"),
                        tuple(Severity.INFO, "firewall/104.fw:6", "key 'log_level' is not in phoenix_lxc_configs.schema.json",
                                "no Phoenix generator reads it yet: the rule logs nothing until the generator emits "
                                        + "'-log <level>'", null));
    }

    @Test
    void an_accept_after_a_drop_for_the_same_port_does_not_allow_the_served_port(@TempDir Path dir) throws IOException {
        // Given: 104 drops tcp/8080 from everyone before accepting it (first match wins: the ACCEPT never applies);
        // 105 drops it only from one address, so the ACCEPT after it still lets the rest of the network in
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "104": {"name": "App", "network_config": {"ip": "10.0.0.4/24"},
                    "traefik_service": {"name": "app", "port": 8080},
                    "firewall": {"enabled": true, "rules": [
                      {"type": "in", "action": "DROP", "proto": "tcp", "port": "8080"},
                      {"type": "in", "action": "ACCEPT", "source": "10.0.0.0/24", "proto": "tcp", "port": "8080"}]}},
                  "105": {"name": "Other", "network_config": {"ip": "10.0.0.5/24"},
                    "traefik_service": {"name": "other", "port": 8080},
                    "firewall": {"enabled": true, "rules": [
                      {"type": "in", "action": "REJECT", "source": "10.0.0.99", "proto": "tcp", "port": "8080"},
                      {"type": "in", "action": "ACCEPT", "source": "10.0.0.0/24", "proto": "tcp", "port": "8080"}]}}}}
                """);
        PhoenixRuleset p = PhoenixSamples.load(dir, Generator.NEW);

        // When
        List<PhoenixFinding> findings = check(p);

        // Then
        assertThat(findings).filteredOn(f -> f.code().equals("service-not-allowed"))
                .extracting(f -> f.declaredAt().path())
                .containsExactly(".lxc_configs[\"104\"].traefik_service.port");
    }

    /**
     * A site of Nginx 101 proxying to Traefik 102 on tcp/8443 (its nginx gateway file says so), Traefik's firewall on
     * with the one rule {@code rule} (JSON), as the newer generator writes it.
     */
    private static PhoenixRuleset traefikWithOneRuleForNginx(Path dir, String rule) throws IOException {
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "101": {"name": "Nginx-Phoenix", "network_config": {"ip": "10.0.0.153/24"}},
                  "102": {"name": "Traefik-Internal", "network_config": {"ip": "10.0.0.12/24"},
                    "firewall": {"enabled": true, "rules": [%s]}}}}
                """.formatted(rule));
        Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(dir.resolve("nginx").resolve("gateway"), "location / {\n"
                + "    proxy_pass https://traefik.internal.thinkheads.ai:8443;\n}\n");
        return PhoenixSamples.load(dir, Generator.NEW);
    }

    static PhoenixFinding find(List<PhoenixFinding> findings, String code, String fwLocation) {
        return findings.stream().filter(f -> f.code().equals(code) && fwLocation.equals(f.fwLocation())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " at " + fwLocation + " in " + findings.stream()
                        .map(f -> f.code() + "@" + f.fwLocation()).toList()));
    }
}
