package ai.thinkheads.droptrace.streams.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
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

    private static ProbeResult result(ProbeKind kind, String protocol, int port, ProbeOutcome outcome) {
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, "web-closed", kind, T, "nginx-phoenix", 101, "traefik",
                GW, MESH, protocol, port, outcome, false, 1L, 5, "connected", Map.of(), null);
    }
}
