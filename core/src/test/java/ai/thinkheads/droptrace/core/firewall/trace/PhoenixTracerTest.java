package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected decisions, with file:line, on the example Phoenix configuration. */
class PhoenixTracerTest {

    private final RuleTracer tracer = PhoenixSite.tracer();

    private TraceResult trace(String from, String to, String proto, Integer dport) {
        return tracer.explain(TraceRequest.between(Zone.parse(from), Zone.parse(to), proto, dport));
    }

    @Test
    void nginx_to_traefik_8443_is_dropped_by_traefiks_default_policy_without_a_log_line() {
        // When
        TraceResult r = trace("ct101", "ct102", "tcp", 8443);

        // Then
        assertThat(r.action()).isEqualTo(Action.DROP);
        Decider.PolicyDecision p = (Decider.PolicyDecision) r.decidedBy();
        assertThat(p.chain()).isEqualTo("veth102i0-IN");
        assertThat(p.file()).isEqualTo("firewall/102.fw");
        assertThat(p.option()).isEqualTo("policy_in");
        assertThat(p.line()).isNull();
        assertThat(r.logged()).isFalse();
        assertThat(r.suggestion().file()).isEqualTo("firewall/102.fw");
        assertThat(r.suggestion().after()).isEqualTo("log_level_in: info");
        assertThat(r.path()).extracting(Stage::chain, Stage::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("veth101i0-OUT", Action.ACCEPT),
                        org.assertj.core.groups.Tuple.tuple("PVEFW-FWBR-IN", Action.ACCEPT),
                        org.assertj.core.groups.Tuple.tuple("veth102i0-IN", Action.DROP));
        assertThat(tracer.trace(TraceRequest.between(Zone.parse("ct101"), Zone.parse("ct102"), "tcp", 8443)).path())
                .extracting(Stage::chain).as("without --verbose only deciding chains are listed")
                .containsExactly("veth101i0-OUT", "veth102i0-IN");
        assertThat(r.packet().source()).isEqualTo("10.0.0.153");
        assertThat(r.packet().dest()).isEqualTo("10.0.0.12");
        assertThat(r.fix().file()).isEqualTo("firewall/102.fw");
        assertThat(r.fix().line()).isNull();
        assertThat(r.fix().after()).isEqualTo("IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443");
    }

    @Test
    void nginx_to_traefik_80_is_accepted_by_the_rule_that_names_nginx() {
        // When
        TraceResult r = trace("ct101", "ct102", "tcp", 80);

        // Then
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.rule().location()).isEqualTo("firewall/102.fw:7");
        assertThat(r.rule().section()).isEqualTo("RULES");
        assertThat(r.rule().chain()).isEqualTo("veth102i0-IN");
        assertThat(r.rule().text()).startsWith("IN ACCEPT -source nginx -p tcp -dport 80");
    }

    @Test
    void a_security_group_rule_is_named_with_the_group_line_that_uses_it() {
        // When
        TraceResult ssh = trace("outside", "ct101", "tcp", 22);
        TraceResult https = trace("outside", "ct101", "tcp", 443);

        // Then
        Decider.RuleDecision d = (Decider.RuleDecision) ssh.decidedBy();
        assertThat(ssh.action()).isEqualTo(Action.DROP);
        assertThat(d.rule().location()).isEqualTo("firewall/cluster.fw:35");
        assertThat(d.rule().section()).isEqualTo("group webgateway");
        assertThat(d.rule().chain()).isEqualTo("GROUP-webgateway-IN");
        assertThat(d.via().location()).isEqualTo("firewall/101.fw:7");
        assertThat(ssh.suggestion().after()).isEqualTo("IN DROP -p tcp -dport 22 -log info");
        // the fix goes into the guest's own rules above its GROUP line: a rule added inside the group would change
        // every guest that uses the group
        assertThat(ssh.fix().file()).isEqualTo("firewall/101.fw");
        assertThat(ssh.fix().line()).isEqualTo(7);
        // (from outside without --source: the made-up source is left out of the rule)
        assertThat(ssh.fix().after()).isEqualTo("IN ACCEPT -p tcp -dport 22");
        assertThat(ssh.fix().summary()).contains("above firewall/101.fw:7", "not inside security group webgateway");
        assertThat(trace("ct101", "ct102", "tcp", 80).fix()).as("nothing to fix on an accepted path").isNull();
        assertThat(https.action()).isEqualTo(Action.ACCEPT);
        assertThat(((Decider.RuleDecision) https.decidedBy()).macroEntry()).isEqualTo("tcp dport 443");
        assertThat(https.rule().location()).isEqualTo("firewall/cluster.fw:34");
    }

    @Test
    void host_rules_come_before_cluster_rules_and_macros_say_which_expansion_matched() {
        // When
        TraceResult r = tracer.trace(TraceRequest.flow("198.51.100.7", "10.0.0.13", "tcp", 22));

        // Then
        assertThat(r.packet().from()).isEqualTo("outside");
        assertThat(r.packet().to()).isEqualTo("host");
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.rule().location()).isEqualTo("nodes/phoenix/host.fw:7");
        assertThat(r.rule().chain()).isEqualTo("PVEFW-HOST-IN");
    }

    @Test
    void dns_from_traefik_passes_its_own_rule_and_then_the_cluster_rule_of_the_host() {
        // When
        TraceResult r = trace("ct102", "host", "udp", 53);

        // Then
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.path()).extracting(Stage::chain).containsExactly("veth102i0-OUT", "PVEFW-HOST-IN");
        assertThat(((Decider.RuleDecision) r.path().get(0).decidedBy()).rule().location()).isEqualTo("firewall/102.fw:9");
        assertThat(r.rule().location()).isEqualTo("firewall/cluster.fw:25");
    }

    @Test
    void step_ca_dns_is_dropped_by_its_outbound_policy_and_that_drop_is_logged() {
        // When
        TraceResult r = trace("ct103", "host", "udp", 53);

        // Then
        assertThat(r.action()).isEqualTo(Action.DROP);
        Decider.PolicyDecision p = (Decider.PolicyDecision) r.decidedBy();
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.logLevel()).isEqualTo(LogLevel.INFO);
        assertThat(p.logLine()).isEqualTo(5);
        assertThat(r.logged()).isTrue();
        assertThat(r.log()).isEqualTo(new ExpectedLog(103, 6, "veth103i0-OUT", "policy DROP: "));
        assertThat(r.suggestion()).isNull();
    }

    @Test
    void a_logged_reject_rule_gives_the_log_line_pvefw_logger_writes() {
        // When
        TraceResult r = trace("outside", "vm1001", "tcp", 9000);

        // Then
        assertThat(r.action()).isEqualTo(Action.REJECT);
        assertThat(r.rule().location()).isEqualTo("firewall/1001.fw:8");
        assertThat(r.log()).isEqualTo(new ExpectedLog(1001, 6, "tap1001i0-IN", "REJECT: "));
    }

    @Test
    void ipv6_packets_do_not_match_rules_pinned_to_ipv4_aliases() {
        // When
        TraceResult r = tracer.explain(TraceRequest.flow("2001:db8:10::153", "2001:db8:10::12", "tcp", 80));

        // Then
        assertThat(r.packet().from()).isEqualTo("ct101");
        assertThat(r.packet().to()).isEqualTo("ct102");
        assertThat(r.action()).isEqualTo(Action.DROP);
        assertThat(r.decidedBy()).isInstanceOf(Decider.PolicyDecision.class);
        Step step = r.path().stream().filter(st -> st.chain().equals("veth102i0-IN")).findFirst().orElseThrow()
                .steps().stream().filter(s -> s.rule() != null && s.rule().line() == 7)
                .findFirst().orElseThrow();
        assertThat(step.outcome()).isEqualTo(Step.Outcome.NO_MATCH);
        assertThat(step.reason()).isEqualTo("rule applies to IPv4 only");
    }

    @Test
    void a_tcp_packet_without_a_port_says_that_rules_with_ports_do_not_match_it() {
        // When: Nginx to Traefik with no port, where Traefik accepts Nginx on port 80 by a port rule
        TraceResult noPort = trace("ct101", "ct102", "tcp", null);
        TraceResult port = trace("ct101", "ct102", "tcp", 8443);
        TraceResult ping = trace("outside", "ct102", "icmp", null);

        // Then: the answer (and its fix, a rule for every port) is about a packet without a port, and says so
        assertThat(noPort.packet().assumed()).anyMatch(a -> a.startsWith("no destination port")
                && a.contains("rules with -dport"));
        assertThat(port.packet().assumed()).noneMatch(a -> a.startsWith("no destination port"));
        assertThat(ping.packet().assumed()).noneMatch(a -> a.startsWith("no destination port"));
    }

    @Test
    void ping_to_traefik_is_the_icmp_black_hole_of_the_real_site() {
        // When
        TraceResult r = trace("outside", "ct102", "icmp", null);

        // Then
        assertThat(r.action()).isEqualTo(Action.DROP);
        assertThat(r.packet().icmpType()).isEqualTo(8);
        assertThat(r.packet().assumed()).anyMatch(a -> a.contains("echo-request"));
        assertThat(r.decidedBy()).isInstanceOf(Decider.PolicyDecision.class);
    }

    @Test
    void a_nic_with_firewall_off_and_a_guest_without_enable_let_everything_through_and_say_why() {
        // When
        TraceResult noNic = trace("outside", "vm1002", "tcp", 22);
        TraceResult template = trace("outside", "ct900", "tcp", 22);

        // Then
        assertThat(noNic.action()).isEqualTo(Action.ACCEPT);
        assertThat(((Decider.NoFirewall) noNic.decidedBy()).reason()).contains("net0 of guest 1002 has firewall=0");
        assertThat(template.action()).isEqualTo(Action.ACCEPT);
        assertThat(((Decider.NoFirewall) template.decidedBy()).reason()).contains("no 'enable: 1'");
    }

    @Test
    void noise_before_the_policy_is_dropped_silently_and_the_answer_says_it_cannot_be_logged() {
        // When
        TraceResult smb = trace("ct101", "ct102", "udp", 137);
        TraceResult ack = tracer.trace(TraceRequest.between(Zone.parse("ct101"), Zone.parse("ct102"), "tcp", 8443)
                .withTcpFlags(List.of("ACK")));

        // Then
        assertThat(smb.action()).isEqualTo(Action.DROP);
        assertThat(((Decider.BuiltinDecision) smb.decidedBy()).builtin()).isEqualTo(Builtin.POLICY_NOISE);
        assertThat(smb.notLoggedBecause()).contains("no option logs it");
        assertThat(smb.suggestion().after()).isEqualTo("IN DROP -p udp -dport 137 -log info");
        assertThat(((Decider.BuiltinDecision) ack.decidedBy()).description()).contains("not a new connection's SYN");
        // the noise filter runs as part of the policy, after the rules: for a path that should work (a Samba share), an
        // accept in [RULES] lets it through; a packet of no new connection gets none
        assertThat(smb.fix().after()).isEqualTo("IN ACCEPT -source 10.0.0.153 -p udp -dport 137");
        assertThat(ack.fix()).as("no accept rule for a packet of no new connection").isNull();
    }

    @Test
    void unknown_guests_and_identical_zones_are_refused_with_a_plain_reason() {
        assertThatThrownBy(() -> trace("ct101", "ct4242", "tcp", 80)).isInstanceOf(InvalidTraceRequestException.class)
                .hasMessageContaining("guest 4242 is unknown");
        assertThatThrownBy(() -> trace("ct101", "ct101", "tcp", 80)).hasMessageContaining("must differ");
        assertThatThrownBy(() -> tracer.trace(TraceRequest.flow("10.0.0.1", "not-an-ip", "tcp", 80)))
                .hasMessageContaining("not an IP address");
    }

    @Test
    void a_source_and_destination_of_different_ip_versions_are_refused_for_that_before_their_zones_are_looked_at() {
        // Given two addresses outside every guest: both zones would be "outside"
        assertThatThrownBy(() -> tracer.trace(TraceRequest.flow("198.51.100.7", "2001:db8::7", "tcp", 80)))
                .isInstanceOf(InvalidTraceRequestException.class)
                .hasMessage("source 198.51.100.7 and destination 2001:db8::7 are of different IP versions");
    }
}
