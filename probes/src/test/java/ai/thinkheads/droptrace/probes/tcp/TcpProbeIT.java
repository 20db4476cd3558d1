package ai.thinkheads.droptrace.probes.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.testing.NetnsLab;
import ai.thinkheads.droptrace.probes.testing.Ports;
import ai.thinkheads.droptrace.probes.testing.Probing;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TCP outcomes from real sockets: a listener, a closed port, and a namespace firewall that drops and rejects. */
class TcpProbeIT {

    static NetnsLab lab;

    @BeforeAll
    static void lab() throws Exception {
        try {
            lab = NetnsLab.create();
            lab.drop("tcp", 81);
            lab.rejectProhibited("tcp", 82);
        } catch (org.opentest4j.TestAbortedException e) {
            lab = null;
        }
    }

    @AfterAll
    static void teardown() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    static String probe(String from, String to, int port) {
        return "  - {id: t1, from: " + from + ", to: '" + to + "', kind: tcp, port: " + port + ", timeout: 2s}\n";
    }

    @Test
    void a_listening_port_is_open_with_its_connect_time_and_the_flow_keyed_by_source() throws Exception {
        // Given
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // When
            ProbeResult r = Probing.once(probe("local", "127.0.0.1", listener.getLocalPort()));
            // Then
            assertThat(r.outcome()).isEqualTo(ProbeOutcome.OPEN);
            assertThat(r.passed()).isTrue();
            assertThat(r.connectMillis()).isNotNull();
            assertThat(r.flow().encode()).isEqualTo("127.0.0.1|127.0.0.1|tcp|" + listener.getLocalPort());
        }
    }

    @Test
    void a_closed_port_is_refused() {
        ProbeResult r = Probing.once(probe("local", "127.0.0.1", Ports.closedTcp()));
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.REFUSED);
        assertThat(r.passed()).isFalse();
        assertThat(r.explanation()).contains("reset");
    }

    @Test
    void a_firewall_drop_is_a_timeout() {
        org.junit.jupiter.api.Assumptions.assumeTrue(lab != null, "namespace lab not available");
        ProbeResult r = Probing.once(probe("local", lab.address(), 81));
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(r.outcome().category()).isEqualTo(ProbeOutcome.Category.SILENT);
        assertThat(r.explanation()).contains("DROP");
    }

    @Test
    void a_reject_with_icmp_admin_prohibited_is_unreachable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(lab != null, "namespace lab not available");
        ProbeResult r = Probing.once(probe("local", lab.address(), 82));
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
    }

    @Test
    void nc_in_a_guest_classifies_open_refused_timeout_and_unreachable_the_same_way() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(Probing.once(probe("lab-guest", "127.0.0.1", listener.getLocalPort())).outcome()).isEqualTo(ProbeOutcome.OPEN);
        }
        ProbeResult refused = Probing.once(probe("lab-guest", "127.0.0.1", Ports.closedTcp()));
        assertThat(refused.outcome()).isEqualTo(ProbeOutcome.REFUSED);
        assertThat(refused.from()).isEqualTo("lab-guest");
        assertThat(refused.fromVmid()).isEqualTo(101);
        org.junit.jupiter.api.Assumptions.assumeTrue(lab != null, "namespace lab not available");
        assertThat(Probing.once(probe("lab-guest", lab.address(), 81)).outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(Probing.once(probe("lab-guest", lab.address(), 82)).outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
    }

    @Test
    void a_probe_that_expects_the_drop_passes_when_the_path_is_blocked() {
        org.junit.jupiter.api.Assumptions.assumeTrue(lab != null, "namespace lab not available");
        ProbeResult r = Probing.once("  - {id: t1, to: '" + lab.address() + "', kind: tcp, port: 81, timeout: 1s, expect: [timeout]}\n");
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(r.passed()).isTrue();
    }
}
