package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.tlsProbe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import org.junit.jupiter.api.Test;

/**
 * A probe result that comes again (the same probe and time: {@code probe replay} run twice on a
 * namespace, a producer's retry) is decided once: one verdict per verdict id.
 */
class VerdictRepeatsTest extends PhoenixVerdictTest {

    @Test
    void results_published_again_after_their_verdicts_are_not_decided_again() {
        // Given: two failures of a probe, decided
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T.plusSeconds(60)));
        driver.pipe(tlsProbe("mesh-tls", GW, MESH, 8443, ProbeOutcome.UNTRUSTED, T));
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plusSeconds(120)));
        assertThat(driver.verdicts()).extracting(Verdict::verdict).containsExactlyInAnyOrder(
                VerdictClass.TLS_UNTRUSTED, VerdictClass.BLOCKED_PREDICTED, VerdictClass.BLOCKED_PREDICTED);
        // When: the same results are published again
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T.plusSeconds(60)));
        driver.pipe(tlsProbe("mesh-tls", GW, MESH, 8443, ProbeOutcome.UNTRUSTED, T));
        driver.advanceWallClock(GRACE);
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plusSeconds(180)));
        // Then
        assertThat(driver.verdicts()).isEmpty();
    }

    @Test
    void a_result_published_again_while_it_waits_is_decided_once() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        // When
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(driver.verdicts()).extracting(Verdict::id).containsExactly("gw-mesh|" + T.toEpochMilli());
    }
}
