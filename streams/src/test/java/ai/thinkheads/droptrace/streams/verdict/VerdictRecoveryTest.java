package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A probe that passes again while its failure still waits for late log lines: the failure is
 * decided when its grace ends, and the pass then says {@code OK} after it, once.
 */
class VerdictRecoveryTest extends PhoenixVerdictTest {

    @Test
    void a_pass_that_arrives_while_the_failure_waits_is_ok_right_after_the_failure_is_decided() {
        // Given: a silent failure waits for its grace; the probe passes 5 s later
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.OPEN, T.plusSeconds(5)));
        assertThat(driver.verdicts()).as("the failure still waits").isEmpty();
        // When: stream time passes t + window + grace
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusSeconds(1)));
        // Then
        List<Verdict> verdicts = driver.verdicts();
        assertThat(verdicts).extracting(Verdict::verdict)
                .containsExactly(VerdictClass.BLOCKED_PREDICTED, VerdictClass.OK);
        assertThat(verdicts.get(1).time()).isEqualTo(T.plusSeconds(5));
    }

    @Test
    void a_pass_after_two_waiting_failures_is_ok_once_after_the_later_failure() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T.plusSeconds(5)));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.OPEN, T.plusSeconds(10)));
        // When: the wall-clock grace of both ends
        driver.advanceWallClock(GRACE);
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.OPEN, T.plusSeconds(15)));
        // Then
        List<Verdict> verdicts = driver.verdicts();
        assertThat(verdicts).extracting(Verdict::verdict).containsExactly(VerdictClass.BLOCKED_PREDICTED,
                VerdictClass.BLOCKED_PREDICTED, VerdictClass.OK);
        assertThat(verdicts).extracting(Verdict::time).containsExactly(T, T.plusSeconds(5), T.plusSeconds(10));
    }
}
