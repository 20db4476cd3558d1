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

    @Test
    void the_local_address_of_an_ipv6_connection_is_written_as_the_source_is() throws Exception {
        // Given a listener on the IPv6 loopback (skipped where there is none)
        java.net.ServerSocket server;
        try {
            server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("::1"));
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (server) {
            // When
            TcpConnect.Attempt attempt = TcpConnect.connect("0:0:0:0:0:0:0:1", server.getLocalPort(), Duration.ofSeconds(5));
            attempt.socket().close();

            // Then ::1 as the result's source, not Java's 0:0:0:0:0:0:0:1
            assertThat(attempt.finding().outcome()).isEqualTo(ProbeOutcome.OPEN);
            assertThat(attempt.finding().facts()).containsEntry("tcp.localAddress", "::1");
        }
        assertThat(TcpConnect.logged(java.net.Inet6Address.getByAddress(null, java.net.InetAddress.getByName("fe80::1")
                .getAddress(), 2))).isEqualTo("fe80::1");
    }
}
