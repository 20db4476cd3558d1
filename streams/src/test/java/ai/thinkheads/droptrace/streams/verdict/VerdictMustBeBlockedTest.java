package ai.thinkheads.droptrace.streams.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.streams.correlate.TestEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A probe that expects its path blocked ({@code expect: [TIMEOUT]}) and connects: the firewall let it through, and the
 * verdict names the rule that did, not a service that answered wrongly.
 */
class VerdictMustBeBlockedTest extends PhoenixVerdictTest {

    @Test
    void a_must_be_blocked_tcp_probe_that_connects_names_the_rule_that_lets_it_through() {
        // Given: 102.fw:7 lets Nginx in on port 80; the probe expects the port closed
        driver.publish(PhoenixRulesets.published(T));
        // When
        driver.pipe(result(ProbeKind.TCP, "tcp", 80, ProbeOutcome.OPEN));
        // Then
        List<Verdict> verdicts = driver.verdicts();
        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.SERVICE_ERROR);
            assertThat(v.rule()).isNotNull();
            assertThat(v.rule().location()).isEqualTo("firewall/102.fw:7");
            assertThat(v.summary()).isEqualTo("web-closed: tcp 10.0.0.153 -> 10.0.0.12:80 open (OPEN), but the probe "
                    + "expects it blocked: the firewall lets it through (firewall/102.fw:7)");
            assertThat(v.reason()).contains("the ruleset lets the packet through").doesNotContain("answered wrongly");
        });
    }

    @Test
    void a_dns_probe_that_got_an_answer_it_did_not_expect_is_still_the_services_answer() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        // When: a DNS probe that expected NXDOMAIN got NOERROR
        driver.pipe(result(ProbeKind.DNS, "udp", 53, ProbeOutcome.NOERROR));
        // Then
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.SERVICE_ERROR);
            assertThat(v.rule()).isNull();
            assertThat(v.summary()).contains("the service answered wrongly");
        });
    }

    @Test
    void a_must_be_blocked_probe_refused_by_a_reject_rule_is_rejected_and_given_no_change_that_opens_the_path() {
        // Given: Portainer's rule 8 rejects Traefik on 9000; the probe expects that path dropped (no answer)
        driver.publish(PhoenixRulesets.published(T));
        // When: the reject's reset refused the connection
        driver.pipe(closedProbe("mesh-portainer-closed", MESH, PORTAINER, 9000, ProbeOutcome.REFUSED));
        driver.advanceWallClock(GRACE);
        // Then: what happened is said as for any probe, without the fix "add ACCEPT" it had before
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.REJECTED);
            assertThat(v.rule().location()).isEqualTo("firewall/1001.fw:8");
            assertThat(v.fix()).isNull();
            assertThat(v.reason()).isEqualTo("the connection was refused and the ruleset rejects the packet; the probe "
                    + "expects its path blocked (TIMEOUT) and got REFUSED: no change to open the path is proposed");
        });
    }

    @Test
    void the_same_refusal_of_a_probe_that_must_work_still_gets_the_change_that_opens_the_path() {
        // Given / When: the same refusal, of a probe that expects the path open
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(TestEvents.probe("mesh-portainer-ca", MESH, PORTAINER, 9000, ProbeOutcome.REFUSED, T));
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(driver.verdicts()).singleElement().satisfies(v -> assertThat(v.fix()).isNotNull());
    }

    @Test
    void a_must_be_blocked_probe_refused_where_the_ruleset_accepts_says_the_firewall_lets_it_through() {
        // Given: 102.fw:7 lets Nginx in on port 80, where nothing listens now; the probe expects the port dropped
        driver.publish(PhoenixRulesets.published(T));
        // When
        driver.pipe(closedProbe("web-closed", GW, MESH, 80, ProbeOutcome.REFUSED));
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.SERVICE_DOWN);
            assertThat(v.rule().location()).isEqualTo("firewall/102.fw:7");
            assertThat(v.fix()).isNull();
            assertThat(v.reason()).contains("; the probe expects its path blocked (TIMEOUT), but the ruleset lets the "
                    + "packet through (").endsWith("): change that if the path must stay closed");
        });
    }

    /** A tcp probe's refusal with the expectation a must-be-blocked probe's result carries. */
    private static ProbeResult closedProbe(String id, String source, String destination, int port, ProbeOutcome outcome) {
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, id, ProbeKind.TCP, T, "from", null, destination, source,
                destination, "tcp", port, outcome, false, null, 5, "refused",
                Map.of(ProbeResult.EXPECT_FACT, "TIMEOUT"), null);
    }

    private static ProbeResult result(ProbeKind kind, String protocol, int port, ProbeOutcome outcome) {
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, "web-closed", kind, T, "nginx-phoenix", 101, "traefik",
                GW, MESH, protocol, port, outcome, false, 1L, 5, "connected", Map.of(), null);
    }
}
