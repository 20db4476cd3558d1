package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import org.junit.jupiter.api.Test;

/** The accept rule proposed for a blocked ICMP packet is one pve-firewall compiles: ICMP types by name. */
class IcmpFixTest {

    private static final RuleTracer TRACER = RuleTracer.compile(RulePropertiesTest.ruleset("[OPTIONS]\nenable: 1\n",
            "[OPTIONS]\nenable: 1\n"));

    private static String fixFor(String protocol, String source, Integer type, Integer code) {
        TraceResult r = TRACER.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), protocol, null)
                .withAddresses(source, null).withIcmp(type, code));
        assertThat(r.action()).isEqualTo(Action.DROP);
        return r.fix().after();
    }

    @Test
    void a_dropped_ping_or_icmp_error_gets_a_rule_with_the_type_name_pve_firewall_reads() {
        // When
        String ping = fixFor("icmp", "198.51.100.7", 8, null);
        String unreachable = fixFor("icmp", "198.51.100.7", 3, 1);
        String ping6 = fixFor("icmpv6", "2001:db8:1::7", 128, null);

        // Then: not '-icmp-type 8' or '-icmp-type 3/1', which pve-firewall refuses ('invalid icmp-type')
        assertThat(ping).isEqualTo("IN ACCEPT -source 198.51.100.7 -p icmp -icmp-type echo-request");
        assertThat(unreachable).isEqualTo("IN ACCEPT -source 198.51.100.7 -p icmp -icmp-type host-unreachable");
        assertThat(ping6).isEqualTo("IN ACCEPT -source 2001:db8:1::7 -p icmpv6 -icmp-type echo-request");
        assertThat(FwFileParser.parse("500.fw", FileKind.GUEST, 500, null, "[RULES]\n" + unreachable + "\n").rules())
                .singleElement().satisfies(rule -> assertThat(rule.errors()).isEmpty());
    }

    @Test
    void an_icmpv6_rule_with_any_never_decides_a_trace_as_pve_firewall_never_compiles_it() {
        // Given: 'any' is no ICMPv6 type of pve-firewall (its $icmpv6_type_names, as ip6tables -p icmpv6 -h): verify_rule
        // refuses it after -icmp-type, and the dport slot, which verify_rule lets pass, dies in is_valid_icmp_type
        RuleTracer tracer = RuleTracer.compile(RulePropertiesTest.ruleset("[OPTIONS]\nenable: 1\n",
                "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p icmpv6 -icmp-type any\nIN ACCEPT -p icmpv6 -dport any\n"));

        // When
        TraceResult r = tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), "icmpv6", null)
                .withAddresses("2001:db8:1::7", null).withIcmp(128, null));

        // Then: the guest's DROP policy decides, as on the node
        assertThat(r.action()).isEqualTo(Action.DROP);
        assertThat(r.rule()).isNull();
    }
}
