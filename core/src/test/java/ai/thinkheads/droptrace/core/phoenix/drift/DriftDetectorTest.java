package ai.thinkheads.droptrace.core.phoenix.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.phoenix.GeneratedFile;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftDetectorTest {

    /** The sample's global rule with "iface": the generator writes -iface, which pve-firewall cannot parse. */
    private static final String SKIPPED_IFACE_LINE = "firewall/cluster.fw:14 IN ACCEPT -iface vmbr0 # Allow traffic on the "
            + "main bridge";

    @Test
    void every_difference_between_the_declared_site_and_a_live_etc_pve_is_reported() {
        // Given
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);
        Ruleset live = ConfigDirectoryReader.read(PhoenixSamples.LIVE, ReadOptions.defaults());

        // When
        DriftReport report = DriftDetector.compare(declared, "sample", live, PhoenixSamples.LIVE);

        // Then
        assertThat(report.drifted()).isTrue();
        assertThat(report.items()).extracting(DriftItem::kind, DriftItem::file).containsExactly(
                tuple(DriftKind.UNREADABLE_DECLARED_LINE, "firewall/cluster.fw"),
                tuple(DriftKind.EXTRA_RULE, "firewall/cluster.fw"),
                tuple(DriftKind.FIREWALL_NOT_ENABLED, "firewall/102.fw"),
                tuple(DriftKind.EXTRA_RULE, "firewall/102.fw"),
                tuple(DriftKind.MISSING_RULE, "firewall/103.fw"),
                tuple(DriftKind.MISSING_FILE, "firewall/1001.fw"),
                tuple(DriftKind.RULE_ORDER, "firewall/1002.fw"),
                tuple(DriftKind.NIC_FIREWALL_OFF, "lxc/101.conf"),
                tuple(DriftKind.IGNORED_HOST_FILE, "firewall/phoenix.fw"));
        DriftItem missing = report.items().get(4);
        assertThat(missing.declaredAt().path()).isEqualTo(".lxc_configs[\"103\"].firewall.rules[1]");
        assertThat(missing.declared()).isEqualTo("firewall/103.fw:6 IN ACCEPT -proto icmp -source 10.0.0.0/24 # Allow ping from "
                + "the internal network");
        assertThat(report.items().get(3).live()).isEqualTo("firewall/102.fw:7 IN ACCEPT -source 10.0.0.153 # Allow all inbound "
                + "traffic from Nginx to fix timeout");
        assertThat(report.items().get(2).declaredAt().path()).isEqualTo(".lxc_configs[\"102\"].firewall.enabled");
    }

    @Test
    void a_live_copy_of_exactly_what_the_generator_writes_differs_only_by_the_skipped_line_and_spelling_does_not_count(
            @TempDir Path live)
            throws IOException {
        // Given: the files pve-firewall reads, with -proto written as -p in one of them
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);
        writeLive(declared, live, (path, text) -> (path.equals("firewall/103.fw") ? text.replace("-proto ", "-p ") : text)
                .replace("# Allow ping", "# ping"));

        // When
        DriftReport report = DriftDetector.compare(declared, "sample",
                ConfigDirectoryReader.read(live, ReadOptions.defaults()), live);

        // Then: only the declared line pve-firewall skips (in the live file as well) is reported
        assertThat(report.items()).extracting(DriftItem::kind, DriftItem::file, DriftItem::live).containsExactly(
                tuple(DriftKind.UNREADABLE_DECLARED_LINE, "firewall/cluster.fw", SKIPPED_IFACE_LINE));
    }

    @Test
    void a_live_rule_with_the_same_ports_addresses_and_protocol_written_otherwise_is_the_declared_rule(@TempDir Path live)
            throws IOException {
        // Given: the generated files, with 101's ports in another order and by name, 102's source as a /32 and 103's
        // protocol by number, as a hand edit in the GUI may write them; pve-firewall compiles the same rules
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);
        writeLive(declared, live, (path, text) -> switch (path) {
            case "firewall/101.fw" -> text.replace("-dport 80,443 ", "-dport https,80 ");
            case "firewall/102.fw" -> text.replace("-source 10.0.0.153 -dport 80 ", "-source 10.0.0.153/32 -dport 80 ");
            case "firewall/103.fw" -> text.replace("-proto tcp -source 10.0.0.12 -dport 9000", "-p 6 -source 10.0.0.12 -dport 9000");
            default -> text;
        });

        // When
        DriftReport report = DriftDetector.compare(declared, "sample",
                ConfigDirectoryReader.read(live, ReadOptions.defaults()), live);

        // Then: only the declared line pve-firewall skips
        assertThat(Files.readString(live.resolve("firewall/102.fw"))).contains("-source 10.0.0.153/32");
        assertThat(report.items()).extracting(DriftItem::kind, DriftItem::file, DriftItem::live).containsExactly(
                tuple(DriftKind.UNREADABLE_DECLARED_LINE, "firewall/cluster.fw", SKIPPED_IFACE_LINE));
    }

    @Test
    void a_live_guest_policy_that_differs_from_the_default_the_generator_leaves_is_reported(@TempDir Path live)
            throws IOException {
        // Given: the generated files, with 101's inbound policy opened and 103's outbound one closed by hand
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);
        writeLive(declared, live, (path, text) -> path.equals("firewall/101.fw")
                ? text.replace("enable: 1\n", "enable: 1\npolicy_in: ACCEPT\n")
                : path.equals("firewall/103.fw") ? text.replace("enable: 1\n", "enable: 1\npolicy_out: DROP\n") : text);

        // When
        DriftReport report = DriftDetector.compare(declared, "sample",
                ConfigDirectoryReader.read(live, ReadOptions.defaults()), live);

        // Then
        assertThat(report.items()).extracting(DriftItem::kind, DriftItem::file, DriftItem::live).containsExactly(
                tuple(DriftKind.UNREADABLE_DECLARED_LINE, "firewall/cluster.fw", SKIPPED_IFACE_LINE),
                tuple(DriftKind.OPTION_DIFFERS, "firewall/101.fw", "firewall/101.fw:3 policy_in: ACCEPT"),
                tuple(DriftKind.OPTION_DIFFERS, "firewall/103.fw", "firewall/103.fw:3 policy_out: DROP"));
        assertThat(report.items().get(1).message()).isEqualTo("policy_in is ACCEPT in firewall/101.fw, declared DROP "
                + "(pve-firewall's default for a guest: the Phoenix JSON cannot set it)");
    }

    @Test
    void a_live_rule_spelt_so_that_pve_firewall_refuses_it_is_no_declared_rule(@TempDir Path live) throws IOException {
        // Given: the generated files, with 103's first rule written by hand in lower case ('accept' is no action to
        // pve-firewall) and 1001's protocol in upper case (no protocol of /etc/protocols)
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);
        writeLive(declared, live, (path, text) -> path.equals("firewall/103.fw")
                ? text.replaceFirst("IN ACCEPT -proto tcp", "in accept -proto tcp")
                : path.equals("firewall/1001.fw") ? text.replaceFirst("-proto tcp", "-proto TCP") : text);
        Ruleset liveRules = ConfigDirectoryReader.read(live, ReadOptions.defaults());

        // When
        DriftReport report = DriftDetector.compare(declared, "sample", liveRules, live);

        // Then: each is a declared rule missing, with the live line and why pve-firewall refuses it, and no extra rule
        assertThat(report.items()).extracting(DriftItem::kind, DriftItem::file).containsExactly(
                tuple(DriftKind.UNREADABLE_DECLARED_LINE, "firewall/cluster.fw"),
                tuple(DriftKind.MISSING_RULE, "firewall/103.fw"),
                tuple(DriftKind.MISSING_RULE, "firewall/1001.fw"));
        assertThat(report.items().get(1).message()).isEqualTo("declared rule missing from firewall/103.fw: "
                + "firewall/103.fw:5 writes it so that pve-firewall never compiles it (action: unknown action 'accept')");
        assertThat(report.items().get(1).live()).startsWith("firewall/103.fw:5 in accept -proto tcp");
        assertThat(report.items().get(2).message()).contains("never compiles it (proto: unknown protocol 'TCP'");
    }

    @Test
    void a_declared_line_pve_firewall_cannot_read_is_reported_with_its_json_path_when_the_live_file_lacks_it(
            @TempDir Path live) throws IOException {
        // Given: exactly the generated files, except that cluster.fw lacks the declared '-iface vmbr0' line
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);
        writeLive(declared, live,
                (path, text) -> text.replace("IN ACCEPT -iface vmbr0 # Allow traffic on the main bridge\n", ""));

        // When
        DriftReport report = DriftDetector.compare(declared, "sample",
                ConfigDirectoryReader.read(live, ReadOptions.defaults()), live);

        // Then
        assertThat(report.drifted()).isTrue();
        assertThat(report.items()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(DriftKind.UNREADABLE_DECLARED_LINE);
            assertThat(i.declaredAt().path()).isEqualTo(".firewall.global_firewall_rules[6]");
            assertThat(i.declared()).isEqualTo("firewall/cluster.fw:14 IN ACCEPT -iface vmbr0 # Allow traffic on the main "
                    + "bridge");
            assertThat(i.live()).isNull();
            assertThat(i.message()).isEqualTo("pve-firewall cannot read the declared line (unable to parse rule parameters: "
                    + "-iface vmbr0) and skips it, so the declared rule does not exist; firewall/cluster.fw does not have it");
        });
    }

    @Test
    void a_live_file_for_a_guest_the_json_declares_but_the_generator_writes_no_file_for_does_not_say_the_guest_is_undeclared() {
        // Given: ct802 is in the JSON with its firewall enabled and no rules, so lxc-manager writes no file for it
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.OLD_LAYOUT, Generator.OLD);
        Ruleset live = ConfigDirectoryReader.read(PhoenixSamples.LIVE, ReadOptions.defaults());

        // When
        DriftReport report = DriftDetector.compare(declared, "old", live, PhoenixSamples.LIVE);

        // Then
        assertThat(report.items()).filteredOn(i -> i.kind() == DriftKind.EXTRA_FILE && i.file().equals("firewall/802.fw"))
                .extracting(DriftItem::message).containsExactly("firewall/802.fw has 0 rule(s) and 'enable: 1' but the old "
                        + "generator writes no file for guest 802 (phoenix_lxc_configs.json .lxc_configs[\"802\"].firewall "
                        + "has no rules)");
    }

    @Test
    void a_live_host_fw_that_turns_the_host_firewall_off_is_reported(@TempDir Path live) throws IOException {
        // Given: exactly the generated files, plus a host.fw with 'enable: 0' and no rules
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);
        writeLive(declared, live, (path, text) -> text);
        Path host = live.resolve("nodes/phoenix/host.fw");
        Files.createDirectories(host.getParent());
        Files.writeString(host, "[OPTIONS]\nenable: 0\n");

        // When
        DriftReport report = DriftDetector.compare(declared, "sample",
                ConfigDirectoryReader.read(live, ReadOptions.defaults()), live);

        // Then
        assertThat(report.items()).extracting(DriftItem::kind, DriftItem::file, DriftItem::live).containsExactly(
                tuple(DriftKind.UNREADABLE_DECLARED_LINE, "firewall/cluster.fw", SKIPPED_IFACE_LINE),
                tuple(DriftKind.OPTION_DIFFERS, "nodes/phoenix/host.fw", "nodes/phoenix/host.fw:2 enable: 0"));
        assertThat(report.items().get(1).message()).isEqualTo("nodes/phoenix/host.fw turns the host firewall off "
                + "(enable: 0): the declared cluster.fw rules and policies do not filter the host, and the Phoenix "
                + "generators never write a host.fw");
    }

    @Test
    void a_live_cluster_policy_is_compared_with_pve_firewalls_default_where_the_json_leaves_the_policy_out(
            @TempDir Path dir) throws IOException {
        // Given: the JSON has no default_output_policy (the generator writes 'policy_out: null', which pve-firewall
        // skips: its default ACCEPT applies); live cluster.fw has 'policy_out: DROP'
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        PhoenixRuleset declared = PhoenixSamples.load(etc, Generator.NEW);
        Path live = Files.createDirectories(dir.resolve("live/firewall"));
        Files.writeString(live.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\npolicy_in: DROP\npolicy_out: DROP\n\n[RULES]\n"
                + "IN ACCEPT -i lo\n");

        // When
        DriftReport report = DriftDetector.compare(declared, "sample",
                ConfigDirectoryReader.read(live.getParent(), ReadOptions.defaults()), live.getParent());

        // Then
        assertThat(report.items()).extracting(DriftItem::kind, DriftItem::live).contains(
                tuple(DriftKind.OPTION_DIFFERS, "firewall/cluster.fw:4 policy_out: DROP"));
        assertThat(report.items()).filteredOn(i -> i.kind() == DriftKind.OPTION_DIFFERS).singleElement().satisfies(i -> {
            assertThat(i.message()).isEqualTo("policy_out is DROP in firewall/cluster.fw, declared ACCEPT (pve-firewall's "
                    + "default: the JSON sets no policy it can read)");
            assertThat(i.declaredAt().path()).isEqualTo(".firewall.default_output_policy");
        });
        assertThat(report.items()).filteredOn(i -> i.kind() == DriftKind.UNREADABLE_DECLARED_LINE).extracting(DriftItem::message)
                .containsExactly("pve-firewall cannot read the declared line (can't parse option 'policy_out: null') and "
                        + "skips it, so the declared option is not set; firewall/cluster.fw does not have it");
    }

    @Test
    void a_live_cluster_fw_that_enables_the_firewall_the_json_turns_off_is_reported(@TempDir Path dir) throws IOException {
        // Given: the JSON's global firewall is not enabled (the setup script stops pve-firewall and writes nothing);
        // the live cluster.fw still has 'enable: 1'
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"}},
                 "firewall": {"enabled": false, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        PhoenixRuleset declared = PhoenixSamples.load(etc, Generator.NEW);
        Path live = Files.createDirectories(dir.resolve("live/firewall"));
        Files.writeString(live.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\npolicy_in: DROP\n");

        // When
        DriftReport report = DriftDetector.compare(declared, "sample",
                ConfigDirectoryReader.read(live.getParent(), ReadOptions.defaults()), live.getParent());

        // Then
        assertThat(report.items()).extracting(DriftItem::kind, DriftItem::live).containsExactly(
                tuple(DriftKind.OPTION_DIFFERS, "firewall/cluster.fw:2 enable: 1"));
        assertThat(report.items().get(0).message()).isEqualTo("enable is 1 in firewall/cluster.fw, but the JSON does not "
                + "enable the firewall: the setup script stops pve-firewall and writes no file, so nothing is filtered "
                + "until pve-firewall starts again with this file");
        assertThat(report.items().get(0).declaredAt().path()).isEqualTo(".firewall.enabled");
    }

    @Test
    void the_older_generator_compared_with_the_newer_layout_on_disk_shows_the_guest_rules_in_cluster_fw() {
        // Given
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.OLD_LAYOUT, Generator.OLD);
        Ruleset live = ConfigDirectoryReader.read(PhoenixSamples.LIVE, ReadOptions.defaults());

        // When
        DriftReport report = DriftDetector.compare(declared, "old", live, PhoenixSamples.LIVE);

        // Then: what the old generator would have appended to cluster.fw is missing from the live one
        assertThat(report.items()).filteredOn(i -> i.kind() == DriftKind.MISSING_RULE && i.file().equals("firewall/cluster.fw"))
                .extracting(i -> i.declaredAt().path()).contains(".lxc_configs[\"103\"].firewall.rules[3]");
        // 103's JSON enables its firewall: the live 'enable: 1' is one the older lxc-manager never writes, not an undeclared one
        assertThat(report.items()).filteredOn(i -> i.file().equals("firewall/103.fw")).extracting(DriftItem::kind)
                .contains(DriftKind.OPTION_DIFFERS).doesNotContain(DriftKind.FIREWALL_ENABLED_UNDECLARED);
    }

    @Test
    void rules_moved_in_a_file_that_also_has_a_rule_added_by_hand_are_still_reported_with_the_rule_that_moved(
            @TempDir Path live) throws IOException {
        // Given: the generated files, with 103's 'OUT DROP' moved above its other rules (Step-CA can then no longer
        // reach Traefik on 443) and an SSH rule added by hand at the end of the same file
        PhoenixRuleset declared = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);
        String drop = "OUT DROP # Lock down all other egress from the CA\n";
        writeLive(declared, live, (path, text) -> path.equals("firewall/103.fw")
                ? text.replace(drop, "").replace("[RULES]\n", "[RULES]\n" + drop)
                        + "IN ACCEPT -p tcp -source 10.0.0.13 -dport 22 # ssh, by hand\n"
                : text);

        // When
        DriftReport report = DriftDetector.compare(declared, "sample",
                ConfigDirectoryReader.read(live, ReadOptions.defaults()), live);

        // Then: the extra rule, and the order, naming the rule that now comes first and the one declared before it
        assertThat(report.items()).filteredOn(i -> i.file().equals("firewall/103.fw"))
                .extracting(DriftItem::kind, DriftItem::live).containsExactly(
                        tuple(DriftKind.EXTRA_RULE, "firewall/103.fw:9 IN ACCEPT -p tcp -source 10.0.0.13 -dport 22 # ssh, by hand"),
                        tuple(DriftKind.RULE_ORDER, "firewall/103.fw:5 OUT DROP # Lock down all other egress from the CA"));
        DriftItem order = report.items().stream().filter(i -> i.kind() == DriftKind.RULE_ORDER).findFirst().orElseThrow();
        assertThat(order.message()).isEqualTo("the same rules in another order (first match wins): firewall/103.fw:5 comes "
                + "before firewall/103.fw:6, which the generator writes first");
        assertThat(order.declared()).isEqualTo("firewall/103.fw:5 IN ACCEPT -proto tcp -source 10.0.0.12 -dport 9000 # Allow "
                + "Traefik to connect for ACME challenges");
        assertThat(order.declaredAt().path()).isEqualTo(".lxc_configs[\"103\"].firewall.rules[0]");
    }

    /** The files of {@code declared} that pve-firewall reads, written under {@code live} as {@code edit} makes them. */
    private static void writeLive(PhoenixRuleset declared, Path live, BinaryOperator<String> edit) throws IOException {
        for (GeneratedFile f : declared.generated().files()) {
            if (f.readByProxmox()) {
                Path target = live.resolve(f.path());
                Files.createDirectories(target.getParent());
                Files.writeString(target, edit.apply(f.path(), f.text()));
            }
        }
    }
}
