package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.lint.Finding;
import ai.thinkheads.droptrace.core.firewall.lint.RulesChecker;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Properties checked on randomly generated rulesets against plain oracles written in the test. */
class RulePropertiesTest {

    private static final Inventory ONE_GUEST = new Inventory("node1", List.of("10.9.9.9"), List.of(
            new Guest(500, "g", GuestType.LXC, null, List.of(new Nic(0, "vmbr0", true, null, List.of("10.1.0.5"))))));

    static Ruleset ruleset(String clusterText, String guestText) {
        FwFile cluster = FwFileParser.parse("cluster.fw", FileKind.CLUSTER, null, null, clusterText);
        FwFile guest = FwFileParser.parse("500.fw", FileKind.GUEST, 500, null, guestText);
        return new Ruleset(Ruleset.SCHEMA_VERSION, "node1", Ruleset.Layout.FLAT, cluster, List.of(), List.of(guest),
                ONE_GUEST, null, "10.9.9.0/24", List.of());
    }

    /** A generated rule: action, protocol, port range, optional source network. */
    record GenRule(String action, String proto, int lo, int hi, int net, int prefix) {
        String text() {
            String src = prefix < 0 ? "" : " -source 10.0.0." + net + (prefix == 32 ? "" : "/" + prefix);
            return "IN " + action + src + " -p " + proto + " -dport " + lo + (hi == lo ? "" : ":" + hi);
        }

        boolean matches(String p, int port, int host) {
            if (!proto.equals(p) || port < lo || port > hi) {
                return false;
            }
            if (prefix < 0) {
                return true;
            }
            int size = 1 << (32 - prefix);
            return host >= net && host < net + size;
        }
    }

    @Test
    void the_first_matching_rule_in_file_order_decides_and_shadowed_rules_never_do() {
        Random random = new Random(4242);
        for (int trial = 0; trial < 200; trial++) {
            // Given
            List<GenRule> rules = new ArrayList<>();
            StringBuilder text = new StringBuilder("[OPTIONS]\nenable: 1\n[RULES]\n");
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                int lo = 1 + random.nextInt(20);
                int prefix = random.nextInt(4) == 0 ? -1 : 26 + random.nextInt(7);
                int net = prefix < 0 ? 0 : (random.nextInt(256) >> (32 - prefix)) << (32 - prefix);
                GenRule r = new GenRule(List.of("ACCEPT", "DROP", "REJECT").get(random.nextInt(3)),
                        random.nextBoolean() ? "tcp" : "udp", lo, Math.min(20, lo + random.nextInt(6)), net, prefix);
                rules.add(r);
                text.append(r.text()).append('\n');
            }
            if (random.nextBoolean()) {
                rules.add(rules.get(random.nextInt(rules.size())));
                text.append(rules.get(rules.size() - 1).text()).append('\n');
            }
            RuleTracer tracer = RuleTracer.compile(ruleset("[OPTIONS]\nenable: 1\n", text.toString()));
            Set<Integer> shadowed = RulesChecker.check(tracer).stream().filter(f -> f.code().equals("shadowed"))
                    .map(Finding::line).collect(Collectors.toSet());
            for (int probe = 0; probe < 25; probe++) {
                String proto = random.nextBoolean() ? "tcp" : "udp";
                int port = 1 + random.nextInt(21);
                int host = random.nextInt(256);

                // When
                TraceResult r = tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), proto, port)
                        .withAddresses("10.0.0." + host, null));

                // Then
                int expectedLine = -1;
                for (int i = 0; i < rules.size(); i++) {
                    if (rules.get(i).matches(proto, port, host)) {
                        expectedLine = 4 + i;
                        break;
                    }
                }
                if (expectedLine < 0) {
                    assertThat(r.decidedBy()).as("%s%n%s %d from %d", text, proto, port, host)
                            .isInstanceOf(Decider.PolicyDecision.class);
                    assertThat(r.action()).isEqualTo(Action.DROP);
                } else {
                    assertThat(r.rule()).as("%s%n%s %d from %d", text, proto, port, host).isNotNull();
                    assertThat(r.rule().line()).isEqualTo(expectedLine);
                    assertThat(r.action()).isEqualTo(Action.valueOf(rules.get(expectedLine - 4).action()));
                    assertThat(shadowed).as("a shadowed rule decided: %s", text).doesNotContain(expectedLine);
                }
            }
        }
    }

    @Test
    void a_rule_repeated_below_itself_or_below_a_wider_one_is_reported_as_shadowed() {
        // Given
        RuleTracer tracer = RuleTracer.compile(ruleset("[OPTIONS]\nenable: 1\n", """
                [OPTIONS]
                enable: 1
                [RULES]
                IN ACCEPT -p tcp -dport 20:30
                IN DROP -p tcp -dport 22 -source 10.0.0.0/24
                IN SSH(REJECT)
                IN ACCEPT -p udp -dport 22
                """));

        // When
        List<Finding> shadowed = RulesChecker.check(tracer).stream().filter(f -> f.code().equals("shadowed")).toList();

        // Then
        assertThat(shadowed).extracting(Finding::line).containsExactly(5, 6);
        assertThat(shadowed.get(0).message()).contains("500.fw:4");
    }

    @Test
    void an_alias_or_ipset_without_scope_is_the_guests_own_first_and_dc_or_guest_pick_one_side() {
        Random random = new Random(7);
        for (int trial = 0; trial < 60; trial++) {
            // Given: 'xs' defined in the cluster, the guest, both or neither
            boolean inCluster = random.nextBoolean();
            boolean inGuest = random.nextBoolean();
            boolean ipset = random.nextBoolean();
            String scope = List.of("", "dc/", "guest/").get(random.nextInt(3));
            String ref = ipset ? "+" + scope + "xs" : scope + "xs";
            String clusterText = "[OPTIONS]\nenable: 1\n" + definition(ipset, inCluster, "192.0.2.1");
            String guestText = "[OPTIONS]\nenable: 1\n" + definition(ipset, inGuest, "198.51.100.1")
                    + "[RULES]\nIN ACCEPT -source " + ref + " -p tcp -dport 80\n";
            RuleTracer tracer = RuleTracer.compile(ruleset(clusterText, guestText));

            // When
            boolean fromCluster = accepted(tracer, "192.0.2.1");
            boolean fromGuest = accepted(tracer, "198.51.100.1");

            // Then
            boolean guestSide = !scope.equals("dc/") && inGuest;
            boolean clusterSide = !scope.equals("guest/") && inCluster && !guestSide;
            String what = ref + " cluster=" + inCluster + " guest=" + inGuest;
            assertThat(fromGuest).as(what).isEqualTo(guestSide);
            assertThat(fromCluster).as(what).isEqualTo(clusterSide);
            boolean error = !guestSide && !clusterSide;
            assertThat(tracer.compiled().problems()).as(what).hasSize(error ? 1 : 0);
        }
    }

    private static String definition(boolean ipset, boolean defined, String address) {
        if (!defined) {
            return "";
        }
        return ipset ? "[IPSET xs]\n" + address + "\n" : "[ALIASES]\nxs " + address + "\n";
    }

    private static boolean accepted(RuleTracer tracer, String source) {
        TraceResult r = tracer.trace(TraceRequest.between(Zone.OUTSIDE, Zone.parse("ct500"), "tcp", 80)
                .withAddresses(source, null));
        return r.action() == Action.ACCEPT;
    }
}
