package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.receive.LineSink;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** UDP cannot push back: when the way to Kafka is blocked, datagrams are dropped, and counted. */
class UdpDropsIT {

    @Test
    void datagrams_beyond_the_queue_are_dropped_and_counted_while_the_sink_is_blocked() throws Exception {
        // Given
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handed = new AtomicInteger();
        LineSink blocked = new LineSink() {
            @Override
            public void accept(String line, Origin origin, Instant received) {
                handed.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void reject(String reason, String raw, Origin origin, Instant received) {
            }
        };
        int capacity = 10;
        int sent = 200;
        try (UdpSyslogReceiver udp = new UdpSyslogReceiver(new InetSocketAddress("127.0.0.1", 0), 1 << 20, capacity,
                blocked, Clock.systemUTC());
                DatagramSocket client = new DatagramSocket()) {
            // When: the first datagram reaches the sink and blocks it, then the rest arrive
            long deadline = System.nanoTime() + 30_000_000_000L;
            for (int k = 0; k < sent; k++) {
                if (k == 1) {
                    await(() -> handed.get() > 0, deadline);
                }
                byte[] data = ("<4>Mar 14 09:12:44 h kernel: IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=UDP "
                        + "SPT=1 DPT=" + k + " LEN=20").getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), udp.port()));
            }
            // The receiver counts a datagram as received before it queues or drops it: waited for until every
            // datagram it received is also in the sink, the queue or the drop count.
            await(() -> udp.received() + Math.max(0, udp.kernelDrops()) >= sent
                    && handed.get() + udp.queued() + udp.dropped() >= udp.received(), deadline);
            // Then: one message is in the blocked sink, the queue is full, the rest was dropped and counted
            assertThat(handed.get()).isEqualTo(1);
            assertThat(udp.queued()).isEqualTo(capacity);
            assertThat(udp.dropped()).isEqualTo(udp.received() - capacity - 1);
            assertThat(udp.received() + Math.max(0, udp.kernelDrops())).isEqualTo(sent);
            release.countDown();
        }
    }

    @Test
    void a_datagram_the_sink_fails_on_is_counted_as_lost_and_the_others_keep_the_time_they_arrived() throws Exception {
        // Given a sink that holds the first message until released, then fails on it
        CountDownLatch release = new CountDownLatch(1);
        List<Instant> times = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        LineSink failingOnce = new LineSink() {
            @Override
            public void accept(String line, Origin origin, Instant received) {
                if (calls.incrementAndGet() == 1) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("producer closed");
                }
                times.add(received);
            }

            @Override
            public void reject(String reason, String raw, Origin origin, Instant received) {
            }
        };
        try (UdpSyslogReceiver udp = new UdpSyslogReceiver(new InetSocketAddress("127.0.0.1", 0), 1 << 20, 10,
                failingOnce, Clock.systemUTC());
                DatagramSocket client = new DatagramSocket()) {
            // When three datagrams arrive while the first holds the sink, and it is released only then
            for (int k = 0; k < 3; k++) {
                byte[] data = ("<4>Mar 14 09:12:44 h kernel: message " + k).getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), udp.port()));
            }
            // The receiver takes a datagram's arrival time after counting it as received, and before queueing it:
            // the release time is taken once the first holds the sink and the other two are queued.
            long deadline = System.nanoTime() + 30_000_000_000L;
            await(() -> calls.get() >= 1 && udp.queued() >= 2, deadline);
            Instant released = Instant.now();
            release.countDown();
            await(() -> udp.failed() + times.size() >= 3, deadline);
            // Then the failure is counted, and the queued messages carry their arrival, not their processing, time
            assertThat(udp.failed()).isEqualTo(1);
            assertThat(times).hasSize(2).allSatisfy(t -> assertThat(t).isBeforeOrEqualTo(released));
        }
    }

    /**
     * Polls every millisecond until the condition holds or the deadline passes (the assertions that follow
     * tell which): a spin-wait would take a core from the receiver's threads on a two-core machine.
     */
    private static void await(BooleanSupplier condition, long deadline) throws InterruptedException {
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
