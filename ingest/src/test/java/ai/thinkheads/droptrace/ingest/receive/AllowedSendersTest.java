package ai.thinkheads.droptrace.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedSendersTest {

    @Test
    void addresses_and_networks_of_both_families_allow_their_senders_only() throws Exception {
        AllowedSenders allowed = AllowedSenders.of(List.of("10.0.0.0/24", " 192.0.2.7 ", "fd00::/8"));

        assertThat(allowed.any()).isFalse();
        assertThat(allowed.specs()).containsExactly("10.0.0.0/24", "192.0.2.7", "fd00::/8");
        assertThat(allowed.allows(InetAddress.getByName("10.0.0.200"), "test")).isTrue();
        assertThat(allowed.allows(InetAddress.getByName("10.0.1.1"), "test")).isFalse();
        assertThat(allowed.allows(InetAddress.getByName("192.0.2.7"), "test")).isTrue();
        assertThat(allowed.allows(InetAddress.getByName("192.0.2.8"), "test")).isFalse();
        assertThat(allowed.allows(InetAddress.getByName("fd12:3456::1"), "test")).isTrue();
        assertThat(allowed.allows(InetAddress.getByName("fe80::1"), "test")).isFalse();
        // an IPv4 sender on a dual-stack socket arrives IPv4-mapped: it is the IPv4 address
        assertThat(allowed.allows(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 0, 0, 9}),
                "test")).isTrue();
        assertThat(AllowedSenders.of(List.of()).any()).isTrue();
        assertThat(AllowedSenders.of(List.of("0.0.0.0/0")).allows(InetAddress.getByName("::1"), "test")).isFalse();
    }

    @Test
    void an_ipv4_mapped_network_counts_its_prefix_in_the_128_bits_of_ipv6() throws Exception {
        // Given: ::ffff:10.0.0.0/104 is 10.0.0.0/8 (ip6tables, Python's ipaddress); /8 of it would be ::/8, not 10/8
        AllowedSenders allowed = AllowedSenders.of(List.of("::ffff:10.0.0.0/104", "::FFFF:192.0.2.7"));

        // Then
        assertThat(allowed.specs()).containsExactly("10.0.0.0/8", "192.0.2.7");
        assertThat(allowed.allows(InetAddress.getByName("10.1.2.3"), "test")).isTrue();
        assertThat(allowed.allows(InetAddress.getByName("11.0.0.1"), "test")).isFalse();
        assertThat(allowed.allows(InetAddress.getByName("192.0.2.7"), "test")).isTrue();
        assertThatThrownBy(() -> AllowedSenders.of(List.of("::ffff:10.0.0.0/8")))
                .hasMessage("'::ffff:10.0.0.0/8': the prefix length of an IPv4-mapped network is 96-128 "
                        + "(::ffff:10.0.0.0/104 is 10.0.0.0/8); write IPv4 networks as IPv4, like 10.0.0.0/8");
    }

    @Test
    void what_is_not_an_address_or_a_network_is_said_plainly() {
        assertThatThrownBy(() -> AllowedSenders.of(List.of("pve1.example.org")))
                .hasMessage("'pve1.example.org' is not an IP address or network (10.0.0.0/24, 192.0.2.7, fd00::/8)");
        assertThatThrownBy(() -> AllowedSenders.of(List.of("10.0.0.0/33")))
                .hasMessage("'10.0.0.0/33': the prefix length must be 0-32");
        assertThatThrownBy(() -> AllowedSenders.of(List.of("10.0.0.1/24")))
                .hasMessage("'10.0.0.1/24' has bits set after its /24 (the network is 10.0.0.0/24)");
    }

    @Test
    void receivers_count_and_ignore_senders_not_allowed_and_serve_the_others() throws Exception {
        RecordingSink sink = new RecordingSink();
        List<String> lines = sink.lines();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        AllowedSenders elsewhere = AllowedSenders.of(List.of("10.0.0.0/8"));
        AllowedSenders here = AllowedSenders.of(List.of("127.0.0.0/8"));
        try (UdpSyslogReceiver refusingUdp = new UdpSyslogReceiver(loopback, 1 << 20, 100, elsewhere, sink, Clock.systemUTC());
                UdpSyslogReceiver udp = new UdpSyslogReceiver(loopback, 1 << 20, 100, here, sink, Clock.systemUTC());
                TcpSyslogReceiver refusingTcp = new TcpSyslogReceiver(loopback, null, 65536, 8, elsewhere, sink,
                        Clock.systemUTC());
                DatagramSocket client = new DatagramSocket()) {
            // When 127.0.0.1 sends to each
            byte[] data = "from loopback\n".getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), refusingUdp.port()));
            client.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), udp.port()));
            try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), refusingTcp.port())) {
                // Then the refusing TCP receiver resets the connection at once (before anything is read, so
                // nothing is written here: a write may meet the reset already): the sender reads its end
                tcp.setSoTimeout(10_000);
                int read;
                try {
                    read = tcp.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    read = -1;
                }
                assertThat(read).isEqualTo(-1);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((lines.isEmpty() || refusingUdp.refused() < 1 || refusingTcp.refused() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // Then only the allowing receiver took the line; the others counted a refusal each
            assertThat(lines).containsExactly("from loopback\n");
            assertThat(refusingUdp.refused()).isEqualTo(1);
            assertThat(refusingUdp.received()).isZero();
            assertThat(udp.refused()).isZero();
            assertThat(refusingTcp.refused()).isEqualTo(1);
            assertThat(refusingTcp.openConnections()).isZero();
        }
    }
}
