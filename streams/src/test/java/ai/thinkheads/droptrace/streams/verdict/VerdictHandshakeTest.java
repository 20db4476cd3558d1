package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.tlsProbe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import org.junit.jupiter.api.Test;

/** A TLS handshake that got no answer, or broke off, is not a service that answered wrongly. */
class VerdictHandshakeTest extends PhoenixVerdictTest {

    @Test
    void a_handshake_that_got_no_answer_says_so_instead_of_a_wrong_answer() {
        // When
        driver.pipe(tlsProbe("mesh-tls", GW, MESH, 8443, ProbeOutcome.HANDSHAKE_TIMEOUT, T));
        driver.pipe(tlsProbe("ca-tls", GW, "10.0.0.10", 9000, ProbeOutcome.HANDSHAKE_FAILED, T));
        // Then
        assertThat(driver.verdicts()).satisfiesExactly(
                v -> {
                    assertThat(v.verdict()).isEqualTo(VerdictClass.SERVICE_ERROR);
                    assertThat(v.summary()).doesNotContain("answered wrongly").contains("TLS handshake", "no answer");
                    assertThat(v.reason()).doesNotContain("answered wrongly");
                },
                v -> {
                    assertThat(v.verdict()).isEqualTo(VerdictClass.SERVICE_ERROR);
                    assertThat(v.summary()).doesNotContain("answered wrongly").contains("TLS handshake", "failed");
                    assertThat(v.reason()).doesNotContain("answered wrongly");
                });
    }
}
