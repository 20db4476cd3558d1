package ai.thinkheads.droptrace.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** The TCP receiver on loopback, its lines handed to a list: what its counts say while senders come and go. */
class TcpSyslogReceiverTest {

    @Test
    void it_counts_the_senders_connected_now() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        LineSink sink = new LineSink() {
            @Override
            public void accept(String line, Origin origin, Instant received) {
                lines.add(line);
            }

            @Override
            public void reject(String reason, String raw, Origin origin, Instant received) {
                lines.add("rejected: " + reason);
            }
        };
        try (TcpSyslogReceiver receiver = new TcpSyslogReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null, 65536, 8, sink, Clock.systemUTC())) {
            assertThat(receiver.openConnections()).isZero();
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), receiver.port());
                    Socket second = new Socket(InetAddress.getLoopbackAddress(), receiver.port())) {
                awaitCount(receiver::openConnections, 2);
                OutputStream out = first.getOutputStream();
                out.write("<4>Mar 14 09:12:44 pve1 kernel: IN=eth0\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                awaitCount(lines::size, 1);
            }
            awaitCount(receiver::openConnections, 0);
        }
        assertThat(lines).containsExactly("<4>Mar 14 09:12:44 pve1 kernel: IN=eth0");
    }

    private static void awaitCount(IntSupplier count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(count.getAsInt()).isEqualTo(expected);
    }
}
