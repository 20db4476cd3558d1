package ai.thinkheads.droptrace.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The UDP receiver on loopback with a sink that stands for Kafka: what its counts say at a stop. */
class UdpSyslogReceiverTest {

    @Test
    void datagrams_the_stop_counted_as_lost_are_not_counted_again_when_the_worker_wakes_up_after_it() throws Exception {
        // Given: a sink that blocks like a producer whose broker is down, then fails like a closed one
        CountDownLatch released = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        LineSink kafkaDown = new LineSink() {
            @Override
            public void accept(String line, Origin origin, Instant received) {
                calls.incrementAndGet();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("Cannot perform operation after producer has been closed");
            }

            @Override
            public void reject(String reason, String raw, Origin origin, Instant received) {
                throw new IllegalStateException("not expected");
            }
        };
        UdpSyslogReceiver receiver = new UdpSyslogReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                1 << 16, 100, kafkaDown, Clock.systemUTC());
        // When three datagrams come, the first one waits on the sink, and the receiver is stopped
        try (DatagramSocket client = new DatagramSocket()) {
            for (int k = 0; k < 3; k++) {
                byte[] line = ("<4>Mar 14 09:12:44 pve1 kernel: IN=eth0 n=" + k).getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(line, line.length, InetAddress.getLoopbackAddress(), receiver.port()));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((calls.get() < 1 || receiver.queued() < 2) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        int port = receiver.port();
        receiver.close();
        // and the producer is closed under the worker, which then wakes up
        released.countDown();
        awaitWorkerEnd(port);
        // Then: each is counted once: the two queued as not handed on at the stop (the first is the sink's, whose
        // send counts it as not acknowledged), and none of them again as refused by Kafka
        assertThat(receiver.strandedAtStop()).isEqualTo(2);
        assertThat(receiver.failed()).isZero();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void large_datagrams_faster_than_kafka_are_dropped_and_counted_once_the_queue_holds_its_bytes_not_the_heap()
            throws Exception {
        // Given: a sink that waits (Kafka slower than the sender), and a queue of at most 100,000 bytes
        CountDownLatch released = new CountDownLatch(1);
        LineSink waiting = new LineSink() {
            @Override
            public void accept(String line, Origin origin, Instant received) {
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void reject(String reason, String raw, Origin origin, Instant received) {
            }
        };
        UdpSyslogReceiver receiver = new UdpSyslogReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                1 << 20, 100_000, waiting, Clock.systemUTC());
        receiver.maxQueuedBytes(100_000);
        try {
            // When ten datagrams of 30,000 bytes come (as 60 KB ones flooding a 512 MB heap would)
            byte[] big = new byte[30_000];
            java.util.Arrays.fill(big, (byte) 'x');
            try (DatagramSocket client = new DatagramSocket()) {
                for (int k = 0; k < 10; k++) {
                    client.send(new DatagramPacket(big, big.length, InetAddress.getLoopbackAddress(), receiver.port()));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (receiver.received() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // Then: the queue holds what fits in its bytes (one is with the sink), the rest are dropped and counted
            assertThat(receiver.received()).isEqualTo(10);
            assertThat(receiver.queued()).isLessThanOrEqualTo(3);
            assertThat(receiver.dropped()).isGreaterThanOrEqualTo(6);
        } finally {
            released.countDown();
            receiver.close();
        }
    }

    @Test
    void datagrams_in_the_sockets_buffer_when_the_stop_comes_are_read_and_handed_on_not_discarded() throws Exception {
        // Given: a receiving thread held at its first datagram (a clock that waits: the thread is busy, as in a burst)
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Clock holding = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Instant.now();
            }
        };
        java.util.List<String> handedOn = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        LineSink sink = recording(handedOn);
        UdpSyslogReceiver receiver = new UdpSyslogReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                1 << 20, 100, sink, holding);
        int sent = 20;
        try (DatagramSocket client = new DatagramSocket()) {
            for (int k = 0; k < sent; k++) {
                byte[] line = ("<4>Mar 14 09:12:44 pve1 kernel: IN=eth0 n=" + k).getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(line, line.length, InetAddress.getLoopbackAddress(), receiver.port()));
                if (k == 0) {
                    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
                }
            }
        }
        // When the receiver is stopped while the other 19 wait in the socket's buffer, and the thread goes on then
        Thread closer = new Thread(receiver::close, "closer");
        closer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // close() waits for the receiving thread
        }
        release.countDown();
        closer.join(15_000);
        // Then: every datagram sent before the stop is handed on (before, the 19 were discarded with the socket,
        // counted nowhere)
        assertThat(receiver.received()).isEqualTo(sent);
        assertThat(handedOn).hasSize(sent);
        assertThat(receiver.dropped() + receiver.strandedAtStop()).isZero();
    }

    @Test
    void a_blank_line_between_the_lines_of_one_datagram_is_handed_on_to_be_counted_the_line_ends_after_the_last_are_not()
            throws Exception {
        // Given: a receiver whose sink records every line handed on
        java.util.List<String> handedOn = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        LineSink sink = recording(handedOn);
        UdpSyslogReceiver receiver = new UdpSyslogReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                1 << 20, 100, sink, Clock.systemUTC());
        try {
            // When one datagram packs a line, a blank line, another line and the line ends after it (nc -u < file)
            byte[] lines = "first\n\r\nsecond\n\n".getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket client = new DatagramSocket()) {
                client.send(new DatagramPacket(lines, lines.length, InetAddress.getLoopbackAddress(), receiver.port()));
            }
        } finally {
            receiver.close();
        }
        // Then: three lines, the blank one among them (the sink counts it as a file's blank line; before, it was counted
        // nowhere, and the lines read did not add up to the lines sent), and no line for the ends after the last
        assertThat(handedOn).containsExactly("first", "\r", "second");
    }

    /** A sink that adds every line handed on to {@code handedOn}. */
    private static LineSink recording(java.util.List<String> handedOn) {
        return new LineSink() {
            @Override
            public void accept(String line, Origin origin, Instant received) {
                handedOn.add(line);
            }

            @Override
            public void reject(String reason, String raw, Origin origin, Instant received) {
            }
        };
    }

    private static void awaitWorkerEnd(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("udp-syslog-parse-" + port) && t.isAlive())) {
            Thread.sleep(10);
        }
    }
}
