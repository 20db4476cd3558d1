package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.verdict.Confidence;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import org.junit.jupiter.api.Test;

/**
 * pve-firewall's reject answers TCP with a reset and UDP with an ICMP port unreachable, both a refusal to a probe: an
 * unreachable answer to a packet the ruleset rejects is said as what the probe saw, and is not as sure as a refusal.
 */
class VerdictUnreachableTest extends PhoenixVerdictTest {

    @Test
    void an_unreachable_answer_the_ruleset_rejects_is_rejected_without_calling_it_a_refused_connection() {
        // Given: Portainer's rule rejects Traefik on 9000 (with a TCP reset)
        driver.publish(PhoenixRulesets.published(T));
        // When: the probe got an unreachable answer and the reject's line has not come
        driver.pipe(probe("mesh-portainer-ca", MESH, PORTAINER, 9000, ProbeOutcome.UNREACHABLE, T));
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.REJECTED);
            assertThat(v.reason()).startsWith("the packet was answered as unreachable").contains("may have come from elsewhere");
            assertThat(v.confidence()).isEqualTo(Confidence.MEDIUM);
        });
    }

    @Test
    void a_refusal_the_ruleset_rejects_is_said_as_a_refused_connection_without_doubt_about_the_answer() {
        // Given: Portainer's rule 8 rejects Traefik on 9000
        driver.publish(PhoenixRulesets.published(T));
        // When: the probe was refused, as pve-firewall's reject answers TCP
        driver.pipe(probe("mesh-portainer-ca", MESH, PORTAINER, 9000, ProbeOutcome.REFUSED, T));
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.REJECTED);
            assertThat(v.reason()).isEqualTo("the connection was refused and the ruleset rejects the packet");
        });
    }
}
