package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.lint.RulesChecker;
import org.junit.jupiter.api.Test;

/**
 * pve-firewall tests -dport and -sport for truth ('if ($rule->{sport})' in verify_rule, 'return if !$rule->{sport}'
 * in ipt_rule_to_cmds, src/PVE/Firewall.pm): a port 0 is no port at all, and needs no protocol. So does verify_rule
 * -icmp-type ('if (my $icmp_type = ...)'), which ipt_rule_to_cmds still writes when there is an ICMP protocol.
 */
class ZeroPortTest {

    private static final RuleTracer TRACER = RuleTracer.compile(RulePropertiesTest.ruleset("[OPTIONS]\nenable: 1\n",
            "[OPTIONS]\nenable: 1\n\n[RULES]\n"
                    + "IN ACCEPT -p tcp -sport 0 -dport 22\n"
                    + "IN ACCEPT -p udp -dport 0\n"
                    + "IN REJECT -sport 0\n"));

    private static TraceResult trace(String protocol, int dport, int sport) {
        return TRACER.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), protocol, dport)
                .withAddresses("198.51.100.7", null).withSport(sport));
    }

    @Test
    void a_source_port_0_matches_every_source_port_as_a_destination_port_0_every_destination_port() {
        // When
        TraceResult ssh = trace("tcp", 22, 40000);
        TraceResult dns = trace("udp", 53, 40000);

        // Then
        assertThat(ssh.action()).isEqualTo(Action.ACCEPT);
        assertThat(ssh.rule().location()).isEqualTo("500.fw:5");
        assertThat(dns.action()).isEqualTo(Action.ACCEPT);
        assertThat(dns.rule().location()).isEqualTo("500.fw:6");
    }

    @Test
    void a_source_port_0_without_a_protocol_is_no_error_and_the_rule_matches_everything() {
        // When
        TraceResult http = trace("tcp", 80, 40000);

        // Then: 'IN REJECT -sport 0' is 'IN REJECT' to pve-firewall
        assertThat(http.action()).isEqualTo(Action.REJECT);
        assertThat(http.rule().location()).isEqualTo("500.fw:7");
        assertThat(RulesChecker.check(TRACER)).noneMatch(f -> f.code().equals("rule-error"));
    }

    @Test
    void an_icmp_type_0_is_echo_reply_with_icmp_nothing_without_a_protocol_and_a_compile_error_with_tcp() {
        // Given: verify_rule checks no -icmp-type 0; ipt_rule_to_cmds writes '-m icmp --icmp-type 0' with -p icmp,
        // nothing at all without -p, and dies ('can only be set if icmp ...') with -p tcp
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset("[OPTIONS]\nenable: 1\n",
                "[OPTIONS]\nenable: 1\n\n[RULES]\n"
                        + "IN ACCEPT -p icmp -icmp-type 0\n"
                        + "IN DROP -p tcp -icmp-type 0\n"
                        + "IN REJECT -icmp-type 0\n"));

        // When
        TraceResult reply = tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), "icmp", null)
                .withAddresses("198.51.100.7", null).withIcmp(0, 0));
        TraceResult ssh = tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), "tcp", 22)
                .withAddresses("198.51.100.7", null));

        // Then
        assertThat(reply.action()).isEqualTo(Action.ACCEPT);
        assertThat(reply.rule().location()).isEqualTo("500.fw:5");
        assertThat(ssh.action()).isEqualTo(Action.REJECT);
        assertThat(ssh.rule().location()).isEqualTo("500.fw:7");
        assertThat(RulesChecker.check(tracer)).filteredOn(f -> f.code().equals("rule-error"))
                .extracting(f -> f.line()).containsExactly(6);
    }
}
