package ai.thinkheads.droptrace.probes.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.run.Finding;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpConnectTest {

    @Test
    void a_connect_the_kernel_gave_up_on_before_a_long_timeout_is_a_timeout_not_an_error() {
        // Given a probe timeout longer than the kernel's SYN retries (6 by default: about 127 s), so a DROP ends in
        // the kernel's ETIMEDOUT, which Java throws as a ConnectException, not as a SocketTimeoutException
        ConnectException kernelGaveUp = new ConnectException("Connection timed out");

        // When
        Finding f = TcpConnect.classify(kernelGaveUp, 8443, Duration.ofMinutes(5));

        // Then
        assertThat(f.outcome()).as(f.explanation()).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(f.explanation()).contains("the signature of a firewall DROP").contains("tcp_syn_retries");
    }
}
