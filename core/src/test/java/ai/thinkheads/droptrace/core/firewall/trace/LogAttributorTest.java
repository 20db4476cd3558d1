package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rule wrote a log line, on the example Phoenix configuration. */
class LogAttributorTest {

    private final RuleTracer tracer = PhoenixSite.tracer();

    static Packet packet(String src, String dst, String proto, Integer sport, Integer dport, String in, String out) {
        return new Packet(in, out, null, null, null, null, null, src, dst, src.contains(":") ? 6 : 4, 60, null, null, 64,
                null, null, null, null, null, null, proto, sport, dport, null, null, null,
                proto.equals("TCP") ? List.of("SYN") : null, null, null, null, null, null, null, null, null);
    }

    static FirewallEvent event(int vmid, int level, String chain, Action action, boolean policy, Packet p) {
        String message = action == null ? "" : (policy ? "policy " : "") + action + ": ";
        return new FirewallEvent(FirewallEvent.SCHEMA_VERSION, Instant.parse("2025-11-04T10:00:00Z"), "+0100", null, vmid,
                level, chain, action, policy, message.strip(), Backend.IPTABLES, p, "(test)", null);
    }

    @Test
    void a_rule_line_is_attributed_to_the_logging_rule_that_matches_first() {
        // Given
        FirewallEvent e = event(1001, 6, "tap1001i0-IN", Action.REJECT, false,
                packet("10.0.0.12", "10.0.0.111", "TCP", 40000, 9000, "fwbr1001i0", "fwbr1001i0"));

        // When
        Attribution a = tracer.attribute(e);

        // Then
        assertThat(a.status()).isEqualTo(Attribution.Status.RULE);
        assertThat(((Decider.RuleDecision) a.writer()).rule().location()).isEqualTo("firewall/1001.fw:8");
        assertThat(a.explanation()).contains("firewall/1001.fw:8");
    }

    @Test
    void a_policy_line_is_attributed_to_the_policy_with_its_option() {
        // Given
        FirewallEvent e = event(103, 6, "veth103i0-OUT", Action.DROP, true,
                packet("10.0.0.10", "10.0.0.13", "UDP", 50000, 53, "fwbr103i0", "fwbr103i0"));

        // When
        Attribution a = tracer.attribute(e);

        // Then
        assertThat(a.status()).isEqualTo(Attribution.Status.POLICY);
        Decider.PolicyDecision p = (Decider.PolicyDecision) a.writer();
        assertThat(p.file()).isEqualTo("firewall/103.fw");
        assertThat(p.line()).isEqualTo(4);
    }

    @Test
    void a_line_no_rule_of_the_configuration_could_write_is_reported_as_such() {
        // Given: Traefik's policy does not log, so it cannot have written this line
        FirewallEvent silent = event(102, 6, "veth102i0-IN", Action.DROP, true,
                packet("10.0.0.153", "10.0.0.12", "TCP", 40000, 8443, "fwbr102i0", "fwbr102i0"));
        // and 1001's REJECT rule logs at info (6), not at debug (7)
        FirewallEvent level = event(1001, 7, "tap1001i0-IN", Action.REJECT, false,
                packet("10.0.0.12", "10.0.0.111", "TCP", 40000, 9000, "fwbr1001i0", "fwbr1001i0"));

        // When
        Attribution a = tracer.attribute(silent);
        Attribution b = tracer.attribute(level);

        // Then
        assertThat(a.status()).isEqualTo(Attribution.Status.NO_WRITER);
        assertThat(a.explanation()).contains("policy DROP of veth102i0-IN", "does not log");
        assertThat(b.status()).isEqualTo(Attribution.Status.NO_WRITER);
        assertThat(b.candidates()).isEmpty();
    }

    @Test
    void a_line_whose_first_match_logs_at_its_level_and_action_says_what_differs() {
        // Given: Step-CA's OUT policy DROP logs at info, but these lines are a rule's 'DROP:' and a policy REJECT
        Packet p = packet("10.0.0.10", "10.0.0.13", "UDP", 50000, 53, "fwbr103i0", "fwbr103i0");
        FirewallEvent rule = event(103, 6, "veth103i0-OUT", Action.DROP, false, p);
        FirewallEvent reject = event(103, 6, "veth103i0-OUT", Action.REJECT, true, p);

        // When
        Attribution a = tracer.attribute(rule);
        Attribution b = tracer.attribute(reject);

        // Then: the answer names the line the policy writes and how this one differs from it
        assertThat(a.status()).isEqualTo(Attribution.Status.NO_WRITER);
        assertThat(a.explanation()).contains("which writes '103 6 veth103i0-OUT <time> policy DROP:'",
                "this line is a rule's ('DROP'), not a policy's");
        assertThat(b.status()).isEqualTo(Attribution.Status.NO_WRITER);
        assertThat(b.explanation()).contains("this line's action is REJECT");
    }

    @Test
    void a_chain_the_configuration_does_not_build_is_an_unknown_chain() {
        // Given
        FirewallEvent e = event(4242, 6, "tap4242i0-IN", Action.DROP, true,
                packet("10.0.0.1", "10.0.0.2", "TCP", 1, 2, null, null));
        FirewallEvent template = event(900, 6, "veth900i0-IN", Action.DROP, true,
                packet("10.0.0.1", "10.0.0.200", "TCP", 1, 22, null, null));

        // Then
        assertThat(tracer.attribute(e).status()).isEqualTo(Attribution.Status.UNKNOWN_CHAIN);
        assertThat(tracer.attribute(template).explanation()).contains("no 'enable: 1'");
    }

    @Test
    void a_guest_chain_with_a_number_beyond_any_vmid_or_nic_is_an_unknown_chain_not_an_exception() {
        // Given: chain names a corrupted or forged line can carry; the correlator attributes every line it reads
        Packet p = packet("10.0.0.1", "10.0.0.12", "TCP", 1, 22, "fwbr102i0", "fwbr102i0");
        List<String> chains = List.of("tap99999999999i0-IN", "veth102i99999999999-IN", "guest-99999999999-in");

        // When / Then
        for (String chain : chains) {
            Attribution a = tracer.attribute(event(102, 6, chain, Action.DROP, true, p));
            assertThat(a.status()).as(chain).isEqualTo(Attribution.Status.UNKNOWN_CHAIN);
        }
        Packet physOut = new Packet("fwbr102i0", "fwbr102i0", null, "veth102i99999999999", null, null, null, "10.0.0.1",
                "10.0.0.12", 4, 60, null, null, 64, null, null, null, null, null, null, "TCP", 1, 22, null, null, null,
                List.of("SYN"), null, null, null, null, null, null, null, null);
        // an nftables line whose device names no NIC that can exist: attributed on the first firewalled NIC
        assertThat(tracer.attribute(event(102, 6, "guest-102-in", Action.DROP, true, physOut)).status())
                .isNotEqualTo(Attribution.Status.UNKNOWN_CHAIN);
    }

    @Test
    void a_security_group_line_without_action_takes_the_action_of_the_group_rule() {
        // Given: the webgateway group's SSH drop does not log
        FirewallEvent e = event(0, 6, "GROUP-webgateway-IN", null, false,
                packet("198.51.100.7", "10.0.0.153", "TCP", 40000, 22, "fwbr101i0", "fwbr101i0"));

        // When
        Attribution a = tracer.attribute(e);

        // Then
        assertThat(a.status()).isEqualTo(Attribution.Status.NO_WRITER);
        assertThat(a.explanation()).contains("firewall/cluster.fw:35", "does not log");
    }

    @Test
    void an_nftables_host_line_is_attributed_only_to_what_logs_in_the_chain_it_names() {
        // Given: proxmox-firewall logs host.fw rules in host-in, cluster.fw rules and the host policy in cluster-in
        RuleTracer nft = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT,
                FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null,
                        "[OPTIONS]\nenable: 1\npolicy_in: DROP\n\n[RULES]\nIN DROP -p tcp -dport 3306 -log info\n"),
                List.of(FwFileParser.parse("host.fw", FileKind.HOST, null, "node1",
                        "[OPTIONS]\nnftables: 1\nlog_level_in: info\n\n[RULES]\nIN DROP -p tcp -dport 22 -log info\n")),
                List.of(), new Inventory("node1", List.of("192.0.2.10"), List.of()), null, "10.0.0.0/24", List.of()));

        // When
        Attribution hostRule = nft.attribute(nftEvent("host-in", 22));
        Attribution hostRuleAsCluster = nft.attribute(nftEvent("cluster-in", 22));
        Attribution clusterRule = nft.attribute(nftEvent("cluster-in", 3306));
        Attribution clusterRuleAsHost = nft.attribute(nftEvent("host-in", 3306));
        Attribution policy = nft.attribute(nftEvent("cluster-in", 3389));
        Attribution policyAsHost = nft.attribute(nftEvent("host-in", 3389));

        // Then
        assertThat(((Decider.RuleDecision) hostRule.writer()).rule().location()).isEqualTo("host.fw:6");
        assertThat(((Decider.RuleDecision) clusterRule.writer()).rule().location()).isEqualTo("cluster.fw:6");
        assertThat(policy.status()).isEqualTo(Attribution.Status.POLICY);
        for (Attribution a : List.of(hostRuleAsCluster, clusterRuleAsHost, policyAsHost)) {
            assertThat(a.status()).isEqualTo(Attribution.Status.NO_WRITER);
            assertThat(a.explanation()).contains("this line names chain");
        }
        assertThat(hostRuleAsCluster.explanation()).contains("cluster-in, not host-in");
    }

    @Test
    void a_smurf_line_from_a_subnet_broadcast_source_is_the_smurf_filters_the_kernel_told_it_a_broadcast() {
        // Given: a host that logs what its smurf filter drops; a ping from 192.0.2.255, the broadcast address of the
        // host's 192.0.2.0/24, which the kernel's --src-type BROADCAST matches and the address alone does not tell
        RuleTracer smurfs = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT,
                FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\n"),
                List.of(FwFileParser.parse("host.fw", FileKind.HOST, null, "node1", "[OPTIONS]\nsmurf_log_level: info\n")),
                List.of(), new Inventory("node1", List.of("192.0.2.10"), List.of()), null, "192.0.2.0/24", List.of()));

        // When
        Attribution subnet = smurfs.attribute(event(0, 6, "PVEFW-smurflog", Action.DROP, false,
                packet("192.0.2.255", "192.0.2.10", "UDP", 40000, 53, "vmbr0", null)));
        Attribution unspecified = smurfs.attribute(event(0, 6, "PVEFW-smurflog", Action.DROP, false,
                packet("0.0.0.0", "192.0.2.10", "UDP", 68, 67, "vmbr0", null)));

        // Then
        assertThat(subnet.status()).isEqualTo(Attribution.Status.BUILTIN);
        assertThat(subnet.explanation()).contains("smurfs", "192.0.2.255 taken for the broadcast address of a subnet");
        assertThat(unspecified.status()).isEqualTo(Attribution.Status.NO_WRITER);
    }

    @Test
    void candidates_are_rules_that_write_in_the_named_chain_not_the_rules_of_its_groups_nor_for_a_policy_line() {
        // Given: group web, used by host.fw and by cluster.fw, accepts 8443 out and logs it in GROUP-web-OUT
        RuleTracer host = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT,
                FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\npolicy_out: DROP\n\n"
                        + "[RULES]\nGROUP web\nOUT DROP -p tcp -dport 25 -log info\n\n"
                        + "[group web]\nOUT ACCEPT -p tcp -dport 8443 -log info\n"),
                List.of(FwFileParser.parse("host.fw", FileKind.HOST, null, "node1",
                        "[OPTIONS]\nlog_level_out: info\n\n[RULES]\nGROUP web\nOUT ACCEPT -p tcp -dport 22 -log info\n")),
                List.of(), new Inventory("node1", List.of("192.0.2.10"), List.of()), null, "192.0.2.0/24", List.of()));

        // When: a rule's ACCEPT line of PVEFW-HOST-OUT for 8443 (the group writes GROUP-web-OUT), a policy line
        Attribution accept = host.attribute(event(0, 6, "PVEFW-HOST-OUT", Action.ACCEPT, false,
                packet("192.0.2.10", "198.51.100.53", "TCP", 40000, 8443, null, "vmbr0")));
        Attribution policy = host.attribute(event(0, 6, "PVEFW-HOST-OUT", Action.DROP, true,
                packet("192.0.2.10", "198.51.100.53", "TCP", 40000, 25, null, "vmbr0")));

        // Then: the host.fw rule that logs ACCEPT in PVEFW-HOST-OUT, once; for the policy line none
        assertThat(accept.status()).isEqualTo(Attribution.Status.NO_WRITER);
        assertThat(accept.candidates()).extracting(RuleRef::location).containsExactly("host.fw:6");
        assertThat(policy.status()).isEqualTo(Attribution.Status.NO_WRITER);
        assertThat(policy.candidates()).isEmpty();
    }

    @Test
    void a_rule_disabled_or_broken_since_the_line_was_written_is_a_candidate_too() {
        // Given: the host.fw rules that logged DROP for 25 and 26 at info, one disabled since, one naming no alias
        RuleTracer host = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT,
                FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\n"),
                List.of(FwFileParser.parse("host.fw", FileKind.HOST, null, "node1", "[OPTIONS]\n\n[RULES]\n"
                        + "|IN DROP -p tcp -dport 25 -log info\n"
                        + "IN DROP -source mailers -p tcp -dport 26 -log info\n"
                        + "|IN ACCEPT -p tcp -dport 27 -log info\n"
                        + "|GROUP web\n")),
                List.of(), new Inventory("node1", List.of("192.0.2.10"), List.of()), null, "192.0.2.0/24", List.of()));

        // When
        Attribution a = host.attribute(event(0, 6, "PVEFW-HOST-IN", Action.DROP, false,
                packet("198.51.100.7", "192.0.2.10", "TCP", 40000, 25, "vmbr0", null)));

        // Then: both DROP rules at info, as written (the '|' says which is disabled); not the ACCEPT nor the GROUP line
        assertThat(a.status()).isEqualTo(Attribution.Status.NO_WRITER);
        assertThat(a.candidates()).extracting(RuleRef::location).containsExactly("host.fw:4", "host.fw:5");
        assertThat(a.candidates().get(0).text()).startsWith("|IN DROP");
    }

    @Test
    void a_legacy_fwbr_pass_line_is_said_to_be_one_not_a_chain_pve_firewall_never_logs_from() {
        // Given: 'FWBR-IN: ', the pass log of pve-firewall 3.0-19 to 3.0-21 (reference 1.4)
        FirewallEvent e = new FirewallEvent(FirewallEvent.SCHEMA_VERSION, Instant.parse("2019-04-01T10:00:00Z"), "+0200",
                null, 101, 6, "PVEFW-FWBR-IN", null, false, "FWBR-IN:", Backend.IPTABLES,
                packet("198.51.100.7", "10.0.0.153", "TCP", 40000, 443, "fwbr101i0", "fwbr101i0"), "(test)", null);

        // When
        Attribution a = tracer.attribute(e);

        // Then
        assertThat(a.status()).isEqualTo(Attribution.Status.UNKNOWN_CHAIN);
        assertThat(a.explanation()).contains("pass log pve-firewall 3.0-19 to 3.0-21").doesNotContain("is not a chain");
    }

    @Test
    void a_guest_chain_of_the_other_guest_type_is_an_unknown_chain_unless_the_type_was_assumed() {
        // Given: 1001 is a VM (tap1001i0-IN), 103 a container (veth103i0-OUT)
        Packet in = packet("10.0.0.12", "10.0.0.111", "TCP", 40000, 9000, "fwbr1001i0", "fwbr1001i0");
        Packet out = packet("10.0.0.10", "10.0.0.13", "UDP", 50000, 53, "fwbr103i0", "fwbr103i0");
        // and guest 100 has a .fw file and no configuration: taken for a container, its type unknown
        RuleTracer assumedGuest = RuleTracer.compile(new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT,
                FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\n"), List.of(),
                List.of(FwFileParser.parse("100.fw", FileKind.GUEST, 100, null,
                        "[OPTIONS]\nenable: 1\n\n[RULES]\nIN DROP -p tcp -dport 22 -log info\n")),
                new Inventory("node1", List.of(), List.of(new Guest(100, null,
                        GuestType.LXC, null,
                        List.of(new Nic(0, "vmbr0", true, null, List.of()))))),
                null, "10.0.0.0/24", List.of(new ParseWarning("100.fw", 0, "",
                        ConfigDirectoryReader.NO_GUEST_CONFIGURATION
                                + "100; assuming one NIC net0 on vmbr0 with firewall=1 and no known address"))));

        // When
        Attribution vethOfVm = tracer.attribute(event(1001, 6, "veth1001i0-IN", Action.REJECT, false, in));
        Attribution tapOfContainer = tracer.attribute(event(103, 6, "tap103i0-OUT", Action.DROP, true, out));
        Attribution tapOfAssumed = assumedGuest.attribute(event(100, 6, "tap100i0-IN", Action.DROP, false,
                packet("198.51.100.7", "10.0.0.100", "TCP", 40000, 22, "fwbr100i0", "fwbr100i0")));

        // Then
        assertThat(vethOfVm.status()).isEqualTo(Attribution.Status.UNKNOWN_CHAIN);
        assertThat(vethOfVm.explanation()).contains("guest 1001 is a VM, whose chain is tap1001i0-IN");
        assertThat(tapOfContainer.status()).isEqualTo(Attribution.Status.UNKNOWN_CHAIN);
        assertThat(tapOfContainer.explanation()).contains("guest 103 is a container, whose chain is veth103i0-OUT");
        assertThat(tapOfAssumed.status()).isEqualTo(Attribution.Status.RULE);
    }

    private static FirewallEvent nftEvent(String chain, int dport) {
        return new FirewallEvent(FirewallEvent.SCHEMA_VERSION, Instant.parse("2025-11-04T10:00:00Z"), "+0100", null, 0, 6,
                chain, Action.DROP, false, "DROP:", Backend.NFTABLES,
                packet("203.0.113.45", "192.0.2.10", "TCP", 40000, dport, "vmbr0", null), "(test)", null);
    }
}
