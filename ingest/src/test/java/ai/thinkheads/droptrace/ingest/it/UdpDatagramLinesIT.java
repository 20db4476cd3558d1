package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.receive.LineSink;
import ai.thinkheads.droptrace.ingest.receive.RecordingSink;
import ai.thinkheads.droptrace.ingest.receive.UdpSyslogReceiver;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a datagram becomes: one message, or each of the lines a sender packed into it. */
class UdpDatagramLinesIT {

    @Test
    void a_datagram_of_several_lines_is_each_line_and_a_line_end_at_its_end_is_no_line() throws Exception {
        // Given a sink that records what it is handed
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> origins = new CopyOnWriteArrayList<>();
        LineSink recording = new LineSink() {
            @Override
            public void accept(String line, Origin origin, Instant received) {
                lines.add(line);
                origins.add(origin.source() + "#" + origin.position());
            }

            @Override
            public void reject(String reason, String raw, Origin origin, Instant received) {
            }
        };
        String a = "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 SRC=10.0.0.5 DST=10.0.0.7";
        String b = "100 5 tap100i0-IN 14/Mar/2025:09:20:16 +0100 policy DROP: IN=fwbr100i0 SRC=10.0.0.5 DST=10.0.0.8";
        try (UdpSyslogReceiver udp = new UdpSyslogReceiver(new InetSocketAddress("127.0.0.1", 0), 1 << 20, 100,
                recording, Clock.systemUTC());
                DatagramSocket client = new DatagramSocket()) {
            // When: `nc -u < file` packs lines into one datagram; syslog-ng ends each datagram with a line feed
            for (String datagram : new String[] {a + "\n" + b + "\r\n\n", a + "\n", "\n"}) {
                byte[] data = datagram.getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), udp.port()));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (lines.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(200); // nothing more arrives
        }
        // Then: the two packed lines, the line with its line end (the sink strips it), and the empty datagram,
        // which stays one message (a dead letter for the parser) instead of vanishing
        assertThat(lines).containsExactly(a, b + "\r", a + "\n", "\n");
        assertThat(origins.get(0)).isEqualTo(origins.get(1)).startsWith("udp://127.0.0.1#");
        assertThat(origins.get(2)).isNotEqualTo(origins.get(0));
    }

    @Test
    void each_line_of_a_datagram_that_is_not_utf8_comes_with_its_own_bytes() throws Exception {
        // Given a sink that records the bytes it is handed
        RecordingSink recording = new RecordingSink();
        List<String> lines = recording.lines();
        List<byte[]> bytes = recording.bytes();
        byte[] first = "caf\u00e9 \u00e0 la carte".getBytes(StandardCharsets.ISO_8859_1); // Latin-1: not UTF-8
        byte[] second = "100 5 tap100i0-IN \u00fcber".getBytes(StandardCharsets.UTF_8); // UTF-8, two bytes for \u00fc
        byte[] third = {(byte) 0xff, 'x'};
        java.io.ByteArrayOutputStream datagram = new java.io.ByteArrayOutputStream();
        datagram.write(first);
        datagram.write('\n');
        datagram.write(second);
        datagram.write('\n');
        datagram.write(third);
        try (UdpSyslogReceiver udp = new UdpSyslogReceiver(new InetSocketAddress("127.0.0.1", 0), 1 << 20, 100,
                recording, Clock.systemUTC());
                DatagramSocket client = new DatagramSocket()) {
            // When
            byte[] data = datagram.toByteArray();
            client.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), udp.port()));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (lines.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        // Then: each line with exactly its own bytes, the one between the two altered ones too
        assertThat(lines).containsExactly("caf\uFFFD \uFFFD la carte", "100 5 tap100i0-IN \u00fcber", "\uFFFDx");
        assertThat(bytes).containsExactly(first, second, third);
    }
}
