package ai.thinkheads.droptrace.core.firewall.intent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentVerifierTest {

    static final Path EXAMPLE = Path.of("..", "deploy", "examples", "firewall", "phoenix");

    @Test
    void an_allowed_path_names_its_rule_and_a_blocked_one_gets_a_rule_proven_by_tracing_again() {
        // Given
        Ruleset rs = ConfigDirectoryReader.read(EXAMPLE, ReadOptions.defaults());
        MustWorkPath web = new MustWorkPath("web", null, "ct101", "ct102", "10.0.0.153", "10.0.0.12", "tcp", 80, true);
        MustWorkPath mesh = new MustWorkPath("mesh", null, "ct101", "ct102", "10.0.0.153", "10.0.0.12", "tcp", 8443, true);

        // When
        List<PathVerdict> verdicts = IntentVerifier.verify(new FwRuleSource(rs), List.of(web, mesh));

        // Then
        assertThat(verdicts.get(0).action()).isEqualTo(Action.ACCEPT);
        assertThat(verdicts.get(0).asExpected()).isTrue();
        assertThat(verdicts.get(0).location()).isEqualTo("firewall/102.fw:7");
        assertThat(verdicts.get(0).fix()).isEmpty();
        PathVerdict blocked = verdicts.get(1);
        assertThat(blocked.action()).isEqualTo(Action.DROP);
        assertThat(blocked.asExpected()).isFalse();
        assertThat(blocked.location()).isEqualTo("firewall/102.fw");
        assertThat(blocked.fix()).singleElement().satisfies(r -> {
            assertThat(r.file()).isEqualTo("firewall/102.fw");
            assertThat(r.fwLine()).isEqualTo("IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443 # droptrace: must-work path mesh");
            assertThat(r.json()).isNull();
        });
        assertThat(blocked.fixVerified()).isTrue();
    }

    @Test
    void a_path_blocked_on_both_ends_needs_two_rules_the_senders_first(@TempDir Path dir) throws IOException {
        // Given: the sender drops all it sends, the receiver's policy drops what it receives
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("101.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nOUT DROP\n");
        Files.writeString(dir.resolve("102.fw"), "[OPTIONS]\nenable: 1\n");
        ai.thinkheads.droptrace.core.inventory.Inventory inv = new ai.thinkheads.droptrace.core.inventory.Inventory("pve",
                List.of("10.0.0.13"), List.of(guest(101, "10.0.0.153"), guest(102, "10.0.0.12")));
        Ruleset rs = ConfigDirectoryReader.read(dir, new ReadOptions(null, inv, List.of(), null, null));
        MustWorkPath p = new MustWorkPath("mesh", null, "ct101", "ct102", "10.0.0.153", "10.0.0.12", "tcp", 8443, true);

        // When
        PathVerdict v = IntentVerifier.verify(new FwRuleSource(rs), List.of(p)).get(0);

        // Then
        assertThat(v.location()).isEqualTo("101.fw:5");
        assertThat(v.fix()).extracting(ProposedRule::file, ProposedRule::where).containsExactly(
                org.assertj.core.groups.Tuple.tuple("101.fw", "above 101.fw:5 (first match wins)"),
                org.assertj.core.groups.Tuple.tuple("102.fw",
                        "at the end of 102.fw, below a new line '[RULES]' (it has no [RULES] section)"));
        assertThat(v.fixVerified()).isTrue();
    }

    @Test
    void a_rule_for_a_file_without_rules_says_the_header_to_write_with_it(@TempDir Path dir) throws IOException {
        // Given: guest 102's file has only [OPTIONS], as the GUI writes it when the firewall is turned on, and there is
        // no host.fw; a rule line appended to either as it is would be a line pve-firewall skips
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("101.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 22\n");
        Files.writeString(dir.resolve("102.fw"), "[OPTIONS]\nenable: 1\n");
        ai.thinkheads.droptrace.core.inventory.Inventory inv = new ai.thinkheads.droptrace.core.inventory.Inventory("pve",
                List.of("10.0.0.13"), List.of(guest(101, "10.0.0.153"), guest(102, "10.0.0.12")));
        Ruleset rs = ConfigDirectoryReader.read(dir, new ReadOptions(null, inv, List.of(), null, null));
        MustWorkPath toGuest = new MustWorkPath("web", null, "ct101", "ct102", "10.0.0.153", "10.0.0.12", "tcp", 443, true);
        MustWorkPath toHost = new MustWorkPath("ssh", null, "ct101", "host", "10.0.0.153", "10.0.0.13", "tcp", 22, true);
        MustWorkPath toRules = new MustWorkPath("back", null, "ct102", "ct101", "10.0.0.12", "10.0.0.153", "tcp", 443, true);

        // When
        List<PathVerdict> v = IntentVerifier.verify(new FwRuleSource(rs), List.of(toGuest, toHost, toRules));

        // Then
        assertThat(v.get(0).fix()).singleElement().extracting(ProposedRule::where)
                .isEqualTo("at the end of 102.fw, below a new line '[RULES]' (it has no [RULES] section)");
        assertThat(v.get(1).fix()).singleElement().extracting(ProposedRule::where)
                .isEqualTo("in host.fw, a new file, below a line '[RULES]'");
        assertThat(v.get(2).fix()).singleElement().extracting(ProposedRule::where)
                .isEqualTo("at the end of [RULES] of 101.fw");
        assertThat(RuleTracer.compile(rs).trace(TraceRequest.flow("10.0.0.153", "10.0.0.12", "tcp", 443)).fix().summary())
                .startsWith("if this path should work, add at the end of 102.fw, below a new line '[RULES]' "
                        + "(it has no [RULES] section): IN ACCEPT -source 10.0.0.153 -p tcp -dport 443");
    }

    @Test
    void a_samba_share_the_policys_noise_filter_drops_gets_an_accept_rule_before_the_policy(@TempDir Path dir)
            throws IOException {
        // Given: PVEFW-Drop, which guest 102's DROP policy runs first, drops tcp/445 (SMB) and udp/1900 (UPnP) without
        // a line; a rule in [RULES] comes before it, so an accept there lets the share through
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("101.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\n");
        Files.writeString(dir.resolve("102.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 22\n");
        ai.thinkheads.droptrace.core.inventory.Inventory inv = new ai.thinkheads.droptrace.core.inventory.Inventory("pve",
                List.of("10.0.0.13"), List.of(guest(101, "10.0.0.153"), guest(102, "10.0.0.12")));
        Ruleset rs = ConfigDirectoryReader.read(dir, new ReadOptions(null, inv, List.of(), null, null));
        MustWorkPath smb = new MustWorkPath("smb", null, "ct101", "ct102", "10.0.0.153", "10.0.0.12", "tcp", 445, true);
        MustWorkPath upnp = new MustWorkPath("upnp", null, "ct101", "ct102", "10.0.0.153", "10.0.0.12", "udp", 1900, true);
        MustWorkPath hostSmb = new MustWorkPath("host-smb", null, "ct101", "host", "10.0.0.153", "10.0.0.13", "tcp", 445,
                true);

        // When
        List<PathVerdict> v = IntentVerifier.verify(new FwRuleSource(rs), List.of(smb, upnp, hostSmb));

        // Then
        assertThat(v.get(0).decidedBy()).contains("Microsoft SMB noise");
        assertThat(v.get(0).fix()).singleElement().satisfies(r -> {
            assertThat(r.fwLine()).isEqualTo("IN ACCEPT -source 10.0.0.153 -p tcp -dport 445 # droptrace: must-work path smb");
            assertThat(r.where()).isEqualTo("at the end of [RULES] of 102.fw");
        });
        assertThat(v.get(1).fix()).singleElement().extracting(ProposedRule::fwLine)
                .isEqualTo("IN ACCEPT -source 10.0.0.153 -p udp -dport 1900 # droptrace: must-work path upnp");
        assertThat(v.get(2).fix()).singleElement().extracting(ProposedRule::file).isEqualTo("host.fw");
        assertThat(v).allSatisfy(p -> assertThat(p.fixVerified()).isTrue());
    }

    @Test
    void a_packet_of_no_new_connection_the_noise_filter_drops_gets_no_accept_rule(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("102.fw"), "[OPTIONS]\nenable: 1\n");
        ai.thinkheads.droptrace.core.inventory.Inventory inv = new ai.thinkheads.droptrace.core.inventory.Inventory("pve",
                List.of("10.0.0.13"), List.of(guest(102, "10.0.0.12")));
        RuleTracer tracer = RuleTracer.compile(ConfigDirectoryReader.read(dir, new ReadOptions(null, inv, List.of(), null,
                null)));

        // When: an ACK of no known connection, and a DNS reply
        TraceResult ack = tracer.trace(TraceRequest.flow("10.0.0.153", "10.0.0.12", "tcp", 8443).withTcpFlags(List.of("ACK")));
        TraceResult reply = tracer.trace(TraceRequest.flow("10.0.0.153", "10.0.0.12", "udp", 40000).withSport(53));

        // Then
        assertThat(ack.action()).isEqualTo(Action.DROP);
        assertThat(ack.fix()).isNull();
        assertThat(reply.action()).isEqualTo(Action.DROP);
        assertThat(reply.fix()).isNull();
    }

    @Test
    void a_path_that_must_stay_blocked_is_as_expected_when_dropped() {
        // Given
        Ruleset rs = ConfigDirectoryReader.read(EXAMPLE, ReadOptions.defaults());
        MustWorkPath closed = new MustWorkPath("setup", null, "outside", "vm1001", "198.51.100.7", "10.0.0.111", "tcp", 9000,
                false);

        // When
        PathVerdict v = IntentVerifier.verify(new FwRuleSource(rs), List.of(closed)).get(0);

        // Then
        assertThat(v.action()).isEqualTo(Action.REJECT);
        assertThat(v.asExpected()).isTrue();
        assertThat(v.fix()).isEmpty();
    }

    private static ai.thinkheads.droptrace.core.inventory.Guest guest(int vmid, String address) {
        return new ai.thinkheads.droptrace.core.inventory.Guest(vmid, "g" + vmid,
                ai.thinkheads.droptrace.core.inventory.GuestType.LXC, null,
                List.of(new ai.thinkheads.droptrace.core.inventory.Nic(0, "vmbr0", true, null, List.of(address))));
    }
}
