package ai.thinkheads.droptrace.core.firewall.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.trace.PhoenixSite;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.firewall.trace.Zone;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RulesCheckerTest {

    @Test
    void the_phoenix_mistakes_are_each_found_with_file_and_line() {
        // When
        List<Finding> findings = RulesChecker.check(PhoenixSite.tracer());

        // Then
        assertThat(findings).extracting(Finding::code, Finding::location).contains(
                tuple("parse", "firewall/cluster.fw:29"),
                tuple("shadowed", "firewall/1001.fw:9"),
                tuple("guest-rule-in-host-file", "firewall/cluster.fw:28"),
                tuple("nic-firewall-off", "firewall/1002.fw:1"),
                tuple("guest-disabled", "firewall/900.fw"),
                tuple("unlogged-policy", "firewall/102.fw"),
                tuple("unlogged-rule", "firewall/cluster.fw:35"),
                tuple("ping-dropped", "firewall/102.fw"),
                tuple("never-logged", "firewall/cluster.fw"));
        assertThat(RulesChecker.hasErrors(findings)).isTrue();
        assertThat(findings.get(0).severity()).as("errors come first").isEqualTo(Severity.ERROR);
        assertThat(findings).filteredOn(f -> f.code().equals("unlogged-policy"))
                .extracting(Finding::message).as("103's outbound policy logs at info")
                .noneMatch(m -> m.startsWith("guest 103 outbound"))
                .anyMatch(m -> m.startsWith("guest 103 inbound policy DROP (default)"));
    }

    @Test
    void a_host_firewall_turned_off_in_host_fw_is_said_where_it_is_set() {
        // Given: the cluster firewall on, the node's host.fw with 'enable: 0' and a rule that therefore never applies
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\n");
        FwFile host = FwFileParser.parse("nodes/node1/host.fw", FileKind.HOST, null, "node1", """
                [OPTIONS]
                enable: 0
                [RULES]
                IN ACCEPT -p tcp -dport 8006
                """);
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster,
                List.of(host), List.of(), new Inventory("node1", List.of("10.9.9.9"), List.of()), null, "10.9.9.0/24",
                List.of()));

        // When
        List<Finding> off = RulesChecker.check(tracer).stream().filter(f -> f.code().equals("host-firewall-off")).toList();

        // Then
        assertThat(off).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.location()).isEqualTo("nodes/node1/host.fw:2");
            assertThat(f.message()).startsWith("the host firewall is off ('enable: 0'): its 1 rule(s), the cluster's");
        });
    }

    @Test
    void a_rule_covered_on_one_nic_but_not_on_the_other_is_not_reported_as_shadowed() {
        // Given: guest 500 has two NICs; line 5 is covered by line 4 on net0 only
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\n");
        FwFile guest = FwFileParser.parse("500.fw", FileKind.GUEST, 500, null, """
                [OPTIONS]
                enable: 1
                [RULES]
                IN ACCEPT -i net0 -p tcp -dport 80
                IN DROP -p tcp -dport 80
                IN ACCEPT -p tcp -dport 81
                IN DROP -p tcp -dport 81
                """);
        Inventory twoNics = new Inventory("node1", List.of("10.9.9.9"), List.of(new Guest(500, "g", GuestType.LXC, null,
                List.of(new Nic(0, "vmbr0", true, null, List.of("10.1.0.5")),
                        new Nic(1, "vmbr1", true, null, List.of("10.2.0.5"))))));
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster,
                List.of(), List.of(guest), twoNics, null, "10.9.9.0/24", List.of()));

        // When
        List<Finding> shadowed = RulesChecker.check(tracer).stream().filter(f -> f.code().equals("shadowed")).toList();

        // Then: line 5 still drops port 80 on net1; line 7 is covered on both NICs
        assertThat(shadowed).extracting(Finding::location).containsExactly("500.fw:7");
    }

    @Test
    void an_ipset_whose_entries_are_all_left_out_when_compiled_is_empty_too() {
        // Given: [IPSET partners] names an alias no file defines and one defined further down; [IPSET ok] has one usable
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, """
                [OPTIONS]
                enable: 1
                [IPSET partners]
                nosuch
                late
                [IPSET ok]
                nosuch
                10.3.0.0/24
                [ALIASES]
                late 10.0.0.1
                """);
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster,
                List.of(), List.of(), new Inventory("node1", List.of("10.9.9.9"), List.of()), null, "10.9.9.0/24",
                List.of()));

        // When
        List<Finding> findings = RulesChecker.check(tracer);

        // Then
        assertThat(findings).filteredOn(f -> f.code().equals("ipset-entry")).extracting(Finding::location)
                .containsExactlyInAnyOrder("cluster.fw:4", "cluster.fw:5", "cluster.fw:7");
        assertThat(findings).filteredOn(f -> f.code().equals("empty-ipset")).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("cluster.fw:3");
            assertThat(f.message()).contains("ipset 'partners' has no usable entry");
        });
    }

    @Test
    void a_group_ipset_or_alias_defined_twice_is_a_warning_at_the_definition_pve_firewall_discards() {
        // Given: a second [group web] and [IPSET admins] (an appended block), and an alias written twice
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, """
                [OPTIONS]
                enable: 1
                [ALIASES]
                web1 10.0.0.1
                WEB1 10.0.0.2
                [IPSET admins]
                10.1.0.0/24
                [group web]
                IN ACCEPT -p tcp -dport 80
                IN ACCEPT -p tcp -dport 443
                [IPSET admins] # appended
                10.2.0.0/24
                [group web]
                IN ACCEPT -p tcp -dport 8443
                """);
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster,
                List.of(), List.of(), new Inventory("node1", List.of("10.9.9.9"), List.of()), null, "10.9.9.0/24",
                List.of()));

        // When
        List<Finding> duplicates = RulesChecker.check(tracer).stream()
                .filter(f -> f.code().equals("duplicate-definition")).toList();

        // Then: pve-firewall keeps the last of each, so port 80 and 443 and 10.1.0.0/24 are gone
        assertThat(duplicates).extracting(Finding::severity, Finding::location).containsExactly(
                tuple(Severity.WARNING, "cluster.fw:4"), tuple(Severity.WARNING, "cluster.fw:6"),
                tuple(Severity.WARNING, "cluster.fw:8"));
        assertThat(duplicates.get(2).message()).isEqualTo("[group web] is defined again at line 13: pve-firewall "
                + "keeps only the last definition, so the 2 rule(s) of this one do not apply");
        assertThat(duplicates.get(0).message()).contains("alias 'web1'", "again at line 5", "10.0.0.2");
    }

    @Test
    void an_option_set_twice_is_a_warning_at_the_setting_pve_firewall_overrides() {
        // Given: a guest file whose policy_in is set again further down (and enable, to the same value)
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\n");
        FwFile guest = FwFileParser.parse("500.fw", FileKind.GUEST, 500, null, """
                [OPTIONS]
                enable: 1
                policy_in: ACCEPT
                log_level_in: info
                policy_in: DROP
                enable: 1
                """);
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster,
                List.of(), List.of(guest), new Inventory("node1", List.of(), List.of()), null, "10.9.9.0/24",
                List.of()));

        // When
        List<Finding> duplicates = RulesChecker.check(tracer).stream()
                .filter(f -> f.code().equals("duplicate-definition")).toList();

        // Then
        assertThat(duplicates).extracting(Finding::location, Finding::message).containsExactly(tuple("500.fw:3",
                "option 'policy_in' is set again at line 5: pve-firewall uses the last value, DROP, not ACCEPT"));
    }

    @Test
    void the_bad_entries_of_an_ipset_no_rule_uses_yet_are_errors_too() {
        // Given: ipsets written before the rules that will use them
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, """
                [OPTIONS]
                enable: 1
                [IPSET later]
                10.0.0.1-10.0.0.5
                0.0.0.0/0
                10.1.0.0/16
                """);
        FwFile guest = FwFileParser.parse("500.fw", FileKind.GUEST, 500, null, """
                [OPTIONS]
                enable: 1
                [IPSET own]
                nosuchalias
                """);
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster,
                List.of(), List.of(guest), new Inventory("node1", List.of(), List.of()), null, "10.9.9.0/24",
                List.of()));

        // When
        List<Finding> entries = RulesChecker.check(tracer).stream().filter(f -> f.code().equals("ipset-entry")).toList();

        // Then
        assertThat(entries).extracting(Finding::severity, Finding::location).containsExactly(
                tuple(Severity.ERROR, "500.fw:4"), tuple(Severity.ERROR, "cluster.fw:4"),
                tuple(Severity.ERROR, "cluster.fw:5"));
    }

    @Test
    void a_rule_mixing_ip_versions_is_one_error_not_two() {
        // Given: literal addresses of two versions (the parser's check), and an alias of the other version
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, """
                [OPTIONS]
                enable: 1
                [ALIASES]
                v6host fd00::1
                [RULES]
                IN ACCEPT -source 10.0.0.0/24 -dest fd00::1
                IN ACCEPT -source 10.0.0.0/24 -dest v6host
                """);
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster,
                List.of(), List.of(), new Inventory("node1", List.of(), List.of()), null, "10.9.9.0/24", List.of()));

        // When
        List<Finding> errors = RulesChecker.check(tracer).stream().filter(f -> f.code().equals("rule-error")).toList();

        // Then
        assertThat(errors).extracting(Finding::location).containsExactly("cluster.fw:6", "cluster.fw:7");
        assertThat(errors).allMatch(f -> f.message().contains("detected mixed ipv4/ipv6 addresses"));
    }

    @Test
    void a_node_switched_to_nftables_is_a_warning_and_a_note_on_every_trace() {
        // Given: host.fw asks for proxmox-firewall, which droptrace does not model
        FwFile cluster = FwFileParser.parse("firewall/cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\n");
        FwFile host = FwFileParser.parse("nodes/node1/host.fw", FileKind.HOST, null, "node1",
                "[OPTIONS]\nlog_level_in: info\nnftables: 1\n");
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.PVE, cluster,
                List.of(host), List.of(), new Inventory("node1", List.of("10.9.9.9"), List.of()), null, "10.9.9.0/24",
                List.of()));

        // When
        List<Finding> findings = RulesChecker.check(tracer);
        TraceResult r = tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.HOST, "tcp", 22));

        // Then
        assertThat(findings).extracting(Finding::code, Finding::location)
                .contains(tuple("nftables-backend", "nodes/node1/host.fw:3"));
        assertThat(r.notes()).anyMatch(n -> n.startsWith("'nftables: 1' at nodes/node1/host.fw:3")
                && n.contains("proxmox-firewall"));
    }

    @Test
    void a_port_list_pve_firewall_takes_and_iptables_refuses_is_an_error_and_a_note_on_every_trace() {
        // Given: 15 numbers and a service name: pve-firewall counts 15 (a name counts as none) and compiles the rule,
        // iptables counts 16 ports, and iptables-restore refuses the ruleset: pve-firewall loads none of it
        FwFile cluster = FwFileParser.parse("firewall/cluster.fw", FileKind.CLUSTER, null, null, """
                [OPTIONS]
                enable: 1
                [RULES]
                IN ACCEPT -p tcp -dport 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,ssh
                """);
        FwFile host = FwFileParser.parse("nodes/node1/host.fw", FileKind.HOST, null, "node1", "[OPTIONS]\n");
        // the same list in the file of a guest whose firewall is off: pve-firewall builds no chain from it
        FwFile off = FwFileParser.parse("firewall/100.fw", FileKind.GUEST, 100, null,
                "[RULES]\nIN ACCEPT -p tcp -dport 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,ssh\n");
        Guest guest = new Guest(100, "off", GuestType.QEMU, null,
                List.of(new Nic(0, "vmbr0", true, "bc:24:11:00:01:00", List.of("10.9.9.100"))));
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.PVE, cluster,
                List.of(host), List.of(off), new Inventory("node1", List.of("10.9.9.9"), List.of(guest)), null,
                "10.9.9.0/24", List.of()));

        // When
        List<Finding> findings = RulesChecker.check(tracer);
        TraceResult r = tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.HOST, "tcp", 22));

        // Then: the rule is compiled as pve-firewall compiles it, not a rule error; what iptables does is said
        assertThat(findings).extracting(Finding::code, Finding::location)
                .contains(tuple("iptables-refuses", "firewall/cluster.fw:4"))
                .doesNotContain(tuple("rule-error", "firewall/cluster.fw:4"), tuple("iptables-refuses", "firewall/100.fw:2"));
        assertThat(findings).filteredOn(f -> f.code().equals("iptables-refuses")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("16 ports", "pve-firewall loads none of this configuration");
        });
        assertThat(tracer.compiled().problems()).as("no line left out: the rule is compiled").isEmpty();
        assertThat(r.action()).isEqualTo(ai.thinkheads.droptrace.core.event.Action.ACCEPT);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("iptables refuses the port list of firewall/cluster.fw:4")
                && n.contains("the rules it loaded before stay in force"));
    }

    @Test
    void a_log_level_left_empty_is_nolog_as_for_pve_firewall_and_is_said_to_be_empty_not_unset() {
        // Given: 'log_level_in:' with no value, which pve-firewall's parse_vmfw_option takes as '' and
        // get_option_log_level treats as nolog
        FwFile cluster = FwFileParser.parse("firewall/cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\n");
        FwFile guestFile = FwFileParser.parse("firewall/100.fw", FileKind.GUEST, 100, null,
                "[OPTIONS]\nenable: 1\nlog_level_in:\n");
        Guest guest = new Guest(100, "web", GuestType.QEMU, null,
                List.of(new Nic(0, "vmbr0", true, "bc:24:11:00:01:00", List.of("10.9.9.100"))));
        RuleTracer tracer = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.PVE, cluster,
                List.of(), List.of(guestFile), new Inventory("node1", List.of("10.9.9.9"), List.of(guest)), null,
                "10.9.9.0/24", List.of()));

        // When
        List<Finding> findings = RulesChecker.check(tracer);
        TraceResult r = tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("vm100"), "tcp", 22));

        // Then
        assertThat(guestFile.warnings()).isEmpty();
        assertThat(r.logged()).isFalse();
        assertThat(r.notLoggedBecause()).isEqualTo("the policy's log level log_level_in is empty at firewall/100.fw:3 "
                + "(nolog)");
        assertThat(findings).filteredOn(f -> f.code().equals("unlogged-policy")).extracting(Finding::message)
                .contains("guest 100 inbound policy DROP (default) is not logged: log_level_in of firewall/100.fw "
                        + "is empty at line 3 (nolog)");
    }

    @Test
    void references_to_unknown_aliases_ipsets_and_groups_are_errors() {
        // Given
        RuleTracer tracer = RuleTracer.compile(ai.thinkheads.droptrace.core.firewall.trace.RulePropertiesTestSupport.ruleset(
                "[OPTIONS]\nenable: 1\n", """
                [OPTIONS]
                enable: 1
                [RULES]
                IN ACCEPT -source nosuchalias
                IN ACCEPT -dest +nosuchset
                GROUP nosuchgroup
                IN ACCEPT -source guest/nosuchalias
                """));

        // When
        List<Finding> errors = RulesChecker.check(tracer).stream().filter(f -> f.severity() == Severity.ERROR).toList();

        // Then
        assertThat(errors).extracting(Finding::line, Finding::code).containsExactly(
                tuple(4, "rule-error"), tuple(5, "rule-error"), tuple(6, "unknown-group"), tuple(7, "rule-error"));
        assertThat(errors.get(0).message()).isEqualTo("source: no such alias 'nosuchalias'");
    }

    @Test
    void a_guest_line_for_a_nic_the_guest_has_not_is_said_to_filter_nothing() {
        // Given: guest 500 has net0 only; pve-firewall builds a chain per NIC and puts in it the lines without -i and
        // those with its name (ruleset_generate_vm_rules: 'next if $rule->{iface} && $rule->{iface} ne $netid')
        RuleTracer tracer = RuleTracer.compile(ai.thinkheads.droptrace.core.firewall.trace.RulePropertiesTestSupport.ruleset(
                "[OPTIONS]\nenable: 1\n[group web]\nIN HTTP(ACCEPT)\n", """
                [OPTIONS]
                enable: 1
                [RULES]
                IN ACCEPT -i net5 -p tcp -dport 22
                GROUP web -i net2
                IN ACCEPT -i net0 -p tcp -dport 23
                |IN ACCEPT -i net9 -p tcp -dport 24
                """));

        // When
        List<Finding> findings = RulesChecker.check(tracer).stream().filter(f -> f.code().equals("no-such-nic")).toList();

        // Then
        assertThat(findings).extracting(Finding::severity, Finding::line).containsExactly(
                tuple(Severity.WARNING, 4), tuple(Severity.WARNING, 5));
        assertThat(findings.get(0).message()).isEqualTo("guest 500 has no net5 (its NICs: net0): pve-firewall compiles "
                + "this line into none of its chains, so it filters nothing");
    }

    @Test
    void a_guest_without_its_configuration_is_not_said_to_lack_a_nic(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        // Given: no lxc/qemu-server configuration, so droptrace assumes net0 and does not know the others
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("500.fw"), "[OPTIONS]\nenable: 1\n[RULES]\nIN ACCEPT -i net1 -p tcp -dport 22\n");

        // When
        List<Finding> findings = RulesChecker.check(RuleTracer.compile(ConfigDirectoryReader.read(dir,
                ReadOptions.defaults())));

        // Then
        assertThat(findings).noneMatch(f -> f.code().equals("no-such-nic"));
        assertThat(findings).anyMatch(f -> f.code().equals("inventory"));
    }

    @Test
    void a_group_used_inside_a_group_or_a_bad_group_name_is_a_rule_error_not_an_unknown_group() {
        // Given: verify_rule refuses GROUP in a [group] ('security groups not allowed') and a name with other
        // characters; such a rule is never compiled, where an unknown group compiles as an empty chain
        RuleTracer tracer = RuleTracer.compile(ai.thinkheads.droptrace.core.firewall.trace.RulePropertiesTestSupport.ruleset(
                """
                [OPTIONS]
                enable: 1
                [group ssh]
                IN SSH(ACCEPT)
                [group nested]
                GROUP ssh
                """, """
                [OPTIONS]
                enable: 1
                [RULES]
                GROUP nested
                GROUP web.servers
                GROUP nosuchgroup
                """));

        // When
        List<Finding> errors = RulesChecker.check(tracer).stream().filter(f -> f.severity() == Severity.ERROR).toList();

        // Then
        assertThat(errors).extracting(Finding::file, Finding::line, Finding::code, Finding::suggestion).containsExactly(
                tuple("500.fw", 5, "rule-error", "pve-firewall does not compile this rule until the error is fixed"),
                tuple("500.fw", 6, "unknown-group", null),
                tuple("cluster.fw", 6, "rule-error", "pve-firewall does not compile this rule until the error is fixed"));
        assertThat(errors.get(0).message()).isEqualTo("action: invalid characters in security group name");
        assertThat(errors.get(2).message()).isEqualTo("type: security groups not allowed");
    }

    @Test
    void a_scoped_alias_in_an_ipset_is_looked_up_in_its_scope_and_guest_in_a_cluster_ipset_says_why_it_is_none() {
        // Given: the GUI writes an alias picked for an ipset with its scope
        RuleTracer tracer = RuleTracer.compile(ai.thinkheads.droptrace.core.firewall.trace.RulePropertiesTestSupport.ruleset(
                """
                [OPTIONS]
                enable: 1
                [ALIASES]
                srv 10.0.0.12
                [IPSET webs]
                dc/srv
                guest/srv
                """, """
                [OPTIONS]
                enable: 1
                [RULES]
                IN ACCEPT -source +dc/webs -p tcp -dport 22
                """));

        // When
        List<Finding> errors = RulesChecker.check(tracer).stream().filter(f -> f.severity() == Severity.ERROR).toList();

        // Then: dc/srv is read; guest/srv in cluster.fw names no guest
        assertThat(errors).extracting(Finding::line, Finding::code, Finding::message).containsExactly(
                tuple(7, "ipset-entry", "ipset entry left out: 'guest/srv': the guest/ scope exists only in guest files"));
    }

    @Test
    void the_example_files_of_pve_firewall_are_checked_without_failing() {
        // Given
        String shared = System.getProperty("droptrace.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "data", "peer", "pve-firewall", "debian", "example");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "pve-firewall example files not found under droptrace.shared.dir; skipped");

        // When
        List<Finding> findings = RulesChecker.check(RuleTracer.compile(ConfigDirectoryReader.read(dir, ReadOptions.defaults())));

        // Then: the examples use an ipset they never define
        assertThat(findings).extracting(Finding::code, Finding::location).contains(
                tuple("rule-error", "100.fw:53"),
                tuple("rule-error", "cluster.fw:33"));
        assertThat(findings).filteredOn(f -> f.code().equals("parse")).isEmpty();
    }
}
