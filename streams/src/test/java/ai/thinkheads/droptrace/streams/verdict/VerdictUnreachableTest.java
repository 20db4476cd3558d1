package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import org.junit.jupiter.api.Test;

/** A reject answers a UDP packet with an ICMP port unreachable: the verdict says what the probe saw. */
class VerdictUnreachableTest extends PhoenixVerdictTest {

    @Test
    void an_unreachable_answer_the_ruleset_rejects_is_rejected_without_calling_it_a_refused_connection() {
        // Given: Portainer's rule rejects Traefik on 9000 (with an ICMP port unreachable for anything but TCP)
        driver.publish(PhoenixRulesets.published(T));
        // When: the probe got an unreachable answer and the reject's line has not come
        driver.pipe(probe("mesh-portainer-ca", MESH, PORTAINER, 9000, ProbeOutcome.UNREACHABLE, T));
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.REJECTED);
            assertThat(v.reason()).doesNotContain("refused").contains("unreachable");
        });
    }
}
