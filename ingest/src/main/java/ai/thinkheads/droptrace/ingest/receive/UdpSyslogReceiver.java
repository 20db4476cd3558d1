package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.event.Origin;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over UDP (one message per datagram, or each line of a datagram that packs several). A
 * receiving thread only copies datagrams into a bounded queue; a second thread parses and
 * publishes. When the queue is full (Kafka slower than the senders, or down), datagrams are
 * dropped and counted, and the kernel's own drop count for the socket ({@code /proc/net/udp}) is
 * reported too: UDP says what it lost.
 */
public final class UdpSyslogReceiver implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(UdpSyslogReceiver.class);
    private static final int MAX_DATAGRAM = 65_535;
    /** How long a receive waits before it looks whether the receiver is stopping; at a stop, an empty socket for so long ends it. */
    private static final int POLL_MILLIS = 100;
    /**
     * At a stop, the socket's buffer is read for at most this long (a sender that never pauses would hold the stop),
     * as the TCP receiver reads a connection that goes on sending.
     */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final DatagramSocket socket;
    private final BlockingQueue<Datagram> queue;
    private final LineSink sink;
    private final Clock clock;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Bytes of the datagrams in the queue: a count alone would let 100,000 datagrams of 64 KiB fill any heap. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile long maxQueuedBytes = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    private final AllowedSenders allowed;
    private final Thread receiver;
    private final Thread worker;
    private volatile boolean closed;
    /** Set by {@link #close()}: the receiving thread reads what the socket holds, then ends. */
    private volatile boolean draining;
    /** The kernel's drop count read when the stop closed the socket, -1 while it is open. */
    private volatile long kernelDropsAtStop = -1;

    /** A datagram as it arrived: its bytes, sender, number and the time it was received (not the time it was parsed). */
    private record Datagram(byte[] bytes, String from, long number, Instant received) {
    }

    public UdpSyslogReceiver(InetSocketAddress bind, int receiveBuffer, int queueCapacity, LineSink sink, Clock clock)
            throws SocketException {
        this(bind, receiveBuffer, queueCapacity, AllowedSenders.ANY, sink, clock);
    }

    /** As the other constructor, taking datagrams from {@code allowed} senders only (the others are counted). */
    public UdpSyslogReceiver(InetSocketAddress bind, int receiveBuffer, int queueCapacity, AllowedSenders allowed,
            LineSink sink, Clock clock) throws SocketException {
        this.allowed = allowed;
        this.socket = new DatagramSocket(null);
        socket.setReceiveBufferSize(receiveBuffer);
        // Not SO_REUSEADDR: on Linux it lets a second receiver bind the same UDP port and take every datagram
        // from the first without a word; a port another process holds must be an error here.
        socket.setReuseAddress(false);
        socket.bind(bind);
        socket.setSoTimeout(POLL_MILLIS);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.sink = sink;
        this.clock = clock;
        this.receiver = new Thread(this::receive, "udp-syslog-" + port());
        this.worker = new Thread(this::work, "udp-syslog-parse-" + port());
        receiver.setDaemon(true);
        worker.setDaemon(true);
        receiver.start();
        worker.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /**
     * The receive buffer the kernel gave this socket: Linux caps what was asked at
     * {@code net.core.rmem_max} (the JDK reports the value as set, without the kernel's doubling for
     * its own bookkeeping). -1 when it cannot be read.
     */
    private int receiveBuffer() {
        try {
            return socket.getReceiveBufferSize();
        } catch (SocketException e) {
            return -1;
        }
    }

    /**
     * What to tell the operator when the kernel gave less receive buffer than {@code asked} (bursts
     * beyond it are lost in the kernel), or {@code null} when it gave all of it.
     */
    public String bufferWarning(int asked) {
        int got = receiveBuffer();
        if (got < 0 || got >= asked) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the kernel gave the UDP socket a receive buffer of %,d bytes, "
                + "not the %,d asked (net.core.rmem_max caps it): bursts beyond it are dropped by the kernel; raise "
                + "it with 'sysctl -w net.core.rmem_max=%d'", got, asked, asked);
    }

    public long received() {
        return received.get();
    }

    /** Datagrams from senders that are not allowed ({@code --allow}), not read. */
    public long refused() {
        return refused.get();
    }

    /**
     * The most bytes of datagrams the queue holds (64 MiB, or an eighth of the heap when that is less); beyond
     * it datagrams are dropped and counted as when the queue is full.
     */
    public void maxQueuedBytes(long bytes) {
        this.maxQueuedBytes = bytes;
    }

    /** Datagrams dropped because the queue to Kafka was full (by count or by bytes). */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Datagrams that reached the worker but could not be handed to Kafka (the producer refused the
     * record, for instance because it was closed); each is logged with its sender.
     */
    public long failed() {
        return failed.get();
    }

    /**
     * Datagrams the kernel dropped for this socket (its receive buffer was full), -1 when unknown; after
     * {@link #close()}, the count when it closed the socket.
     */
    public long kernelDrops() {
        return closed ? kernelDropsAtStop : KernelUdpDrops.forPort(port());
    }

    /** Messages received but not yet handed to the sink. */
    public int queued() {
        return queue.size();
    }

    private void receive() {
        String name = "udp/" + port();
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        long drainUntil = 0;
        while (!closed) {
            if (draining && drainUntil == 0) {
                drainUntil = System.nanoTime() + DRAIN_NANOS;
            }
            if (draining && System.nanoTime() - drainUntil > 0) {
                return;
            }
            try {
                packet.setLength(buffer.length);
                try {
                    socket.receive(packet);
                } catch (java.net.SocketTimeoutException e) {
                    if (draining) {
                        return; // the socket's buffer is empty: every datagram it held is queued
                    }
                    continue;
                }
                if (!allowed.allows(packet.getAddress(), name)) {
                    refused.incrementAndGet();
                    continue;
                }
                long n = received.incrementAndGet();
                byte[] copy = java.util.Arrays.copyOfRange(buffer, packet.getOffset(), packet.getOffset() + packet.getLength());
                String from = SenderName.of("udp", packet.getAddress());
                if (queuedBytes.addAndGet(copy.length) > maxQueuedBytes
                        || !queue.offer(new Datagram(copy, from, n, clock.instant()))) {
                    queuedBytes.addAndGet(-copy.length);
                    dropped.incrementAndGet();
                }
            } catch (IOException e) {
                if (!closed) {
                    LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("UDP receive failed");
                }
            }
        }
    }

    private void work() {
        // Once the stop has given up on this worker, the summary has counted the queue as lost: not read on.
        while ((!closed || !queue.isEmpty()) && !stranded) {
            Datagram d;
            try {
                d = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (d == null) {
                continue;
            }
            queuedBytes.addAndGet(-d.bytes().length);
            try {
                accept(d.bytes(), Origin.of(d.from(), d.number()), d.received());
            } catch (RuntimeException e) {
                if (!stranded) { // after the stop gave up on this worker, the summary has counted it already
                    failed.incrementAndGet();
                    LOGGER.atError().addKeyValue("srcAddress", d.from()).addKeyValue("error", e.getMessage())
                            .log("cannot hand a UDP message on to Kafka; it is lost");
                }
            }
        }
    }

    /**
     * One datagram: one message (RFC 5426), or, when it holds several lines ({@code nc -u < file}
     * sends a chunk of a file as one datagram), each line, a blank one between them too (the sink counts it as
     * blank, as a file's); the line ends left at its end are not a line.
     */
    private void accept(byte[] bytes, Origin origin, java.time.Instant received) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int lf = text.indexOf('\n');
        if (lf < 0 || blank(text, lf + 1, text.length())) {
            sink.accept(text, bytes, origin, received); // the parser drops a line end left at the end
            return;
        }
        // A line end is one byte in UTF-8 and never part of another character: the n-th line of the
        // text is the n-th line of the bytes, which a dead letter keeps when they were not UTF-8.
        boolean altered = text.indexOf('\uFFFD') >= 0;
        // A blank line between two lines is a line, counted as blank as in a file; the line ends after the last are none.
        int contentEnd = text.length();
        while (contentEnd > 0 && blank(text, contentEnd - 1, contentEnd)) {
            contentEnd--;
        }
        int from = 0;
        int byteFrom = 0;
        while (from < contentEnd) {
            int end = text.indexOf('\n', from);
            int byteEnd = altered ? indexOf(bytes, (byte) '\n', byteFrom) : 0;
            if (end < 0) {
                end = text.length();
                byteEnd = bytes.length;
            }
            sink.accept(text.substring(from, end), altered ? Arrays.copyOfRange(bytes, byteFrom, byteEnd) : null,
                    origin, received);
            from = end + 1;
            byteFrom = byteEnd + 1;
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int k = from; k < bytes.length; k++) {
            if (bytes[k] == b) {
                return k;
            }
        }
        return -1;
    }

    /** Nothing but line ends and NULs between {@code from} and {@code to}. */
    private static boolean blank(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c != '\n' && c != '\r' && c != '\u0000') {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops receiving, once the datagrams the socket's buffer holds are read (for at most 3 s: a sender that
     * never pauses keeps it filling), and waits (at most 5 s) until the datagrams received are handed on; those
     * still queued then (Kafka not answering) are counted in {@link #strandedAtStop()}.
     */
    @Override
    public void close() {
        // The datagrams in the socket's buffer when the stop came were sent to this receiver: read them before
        // the socket is closed (closing it discarded them without a word).
        draining = true;
        try {
            receiver.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kernelDropsAtStop = KernelUdpDrops.forPort(port()); // per socket: read while it is still open
        closed = true;
        socket.close();
        try {
            receiver.join(5_000);
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            // The queue; the datagram the worker waits on is in the sink's send, counted there (sent, not acknowledged).
            strandedCount = queue.size();
            stranded = true;
        }
    }

    private volatile boolean stranded;
    private volatile long strandedCount;

    /**
     * Datagrams received but not handed to the sink when {@link #close()} stopped waiting: lost. The one the
     * worker was handing on then is the sink's to count (its send waits on Kafka).
     */
    public long strandedAtStop() {
        return strandedCount;
    }
}
