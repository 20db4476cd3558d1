package ai.thinkheads.droptrace.probes.udp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.testing.NetnsLab;
import ai.thinkheads.droptrace.probes.testing.Ports;
import ai.thinkheads.droptrace.probes.testing.Probing;
import ai.thinkheads.droptrace.probes.testing.UdpTestServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** UDP outcomes from real sockets: an echo server, a closed port, a silent server, a namespace REJECT. */
class UdpProbeIT {

    static String probe(String from, String to, int port) {
        return "  - {id: u1, from: " + from + ", to: '" + to + "', kind: udp, port: " + port
                + ", timeout: 1s, udp: {payload: \"ping\\n\"}}\n";
    }

    @Test
    void an_echo_server_replies() throws Exception {
        try (UdpTestServer echo = UdpTestServer.echo()) {
            ProbeResult r = Probing.once(probe("local", "127.0.0.1", echo.port()));
            assertThat(r.outcome()).isEqualTo(ProbeOutcome.REPLY);
            assertThat(r.facts()).containsEntry("udp.replyHex", "70696e670a");
            assertThat(r.protocol()).isEqualTo("udp");
        }
    }

    @Test
    void a_closed_port_is_refused_by_icmp_port_unreachable() {
        assertThat(Probing.once(probe("local", "127.0.0.1", Ports.closedUdp())).outcome()).isEqualTo(ProbeOutcome.REFUSED);
    }

    @Test
    void a_silent_server_gives_no_reply() throws Exception {
        try (UdpTestServer silent = UdpTestServer.silent()) {
            assertThat(Probing.once(probe("local", "127.0.0.1", silent.port())).outcome()).isEqualTo(ProbeOutcome.NO_REPLY);
        }
    }

    @Test
    void a_reject_with_icmp_admin_prohibited_is_unreachable() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            lab.rejectProhibited("udp", 5353);
            assertThat(Probing.once(probe("local", lab.address(), 5353)).outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
        }
    }

    @Test
    void nc_in_a_guest_tells_reply_refused_and_no_reply_apart() throws Exception {
        try (UdpTestServer echo = UdpTestServer.echo(); UdpTestServer silent = UdpTestServer.silent()) {
            assertThat(Probing.once(probe("lab-guest", "127.0.0.1", echo.port())).outcome()).isEqualTo(ProbeOutcome.REPLY);
            assertThat(Probing.once(probe("lab-guest", "127.0.0.1", silent.port())).outcome()).isEqualTo(ProbeOutcome.NO_REPLY);
        }
        assertThat(Probing.once(probe("lab-guest", "127.0.0.1", Ports.closedUdp())).outcome()).isEqualTo(ProbeOutcome.REFUSED);
    }

    @Test
    void nc_in_a_guest_sees_the_reply_of_a_service_that_answers_only_the_payload() throws Exception {
        // Given a service that answers the probe's payload and ignores nc's one-byte 'X' port tests, as most do
        byte[] ping = "ping\n".getBytes(StandardCharsets.UTF_8);
        try (UdpTestServer service = new UdpTestServer(q -> Arrays.equals(q, ping) ? "pong\n".getBytes(StandardCharsets.UTF_8) : null)) {
            // When
            ProbeResult r = Probing.once(probe("lab-guest", "127.0.0.1", service.port()));

            // Then
            assertThat(r.outcome()).isEqualTo(ProbeOutcome.REPLY);
            assertThat(r.explanation()).contains("5 characters");
        }
    }
}
