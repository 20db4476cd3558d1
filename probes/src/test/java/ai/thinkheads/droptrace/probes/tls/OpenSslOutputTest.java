package ai.thinkheads.droptrace.probes.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import org.junit.jupiter.api.Test;

class OpenSslOutputTest {

    @Test
    void an_address_missing_from_the_certificate_is_a_hostname_mismatch() {
        // Given openssl's verdict of -verify_ip for an address the certificate does not name
        String text = "Verify return code: 64 (IP address mismatch)\n";

        // When / Then
        assertThat(OpenSslOutput.verify(text, 2).outcome()).isEqualTo(ProbeOutcome.HOSTNAME_MISMATCH);
    }
}
