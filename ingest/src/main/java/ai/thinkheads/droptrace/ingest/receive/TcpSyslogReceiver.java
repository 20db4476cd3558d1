package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlock;
import ai.thinkheads.droptrace.ingest.pipeline.OrderedBatches;
import ai.thinkheads.droptrace.ingest.syslog.Frame;
import ai.thinkheads.droptrace.ingest.syslog.FrameReader;
import ai.thinkheads.droptrace.ingest.syslog.NonTransparentBlocks;
import ai.thinkheads.droptrace.ingest.syslog.NonTransparentFramer;
import ai.thinkheads.droptrace.ingest.syslog.OctetCountingFramer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over TCP, or TLS per RFC 5425 when given a {@link TlsSettings}: one thread per connection
 * (bounded), framing detected per connection (octet counting or LF/NUL), each frame bounded in
 * size. A frame is handed to the sink on the connection's own thread; when Kafka is slow or down
 * the producer blocks that thread, the socket is no longer read and TCP flow control slows the
 * sender: nothing is dropped. A framing error or an over-long frame becomes a dead letter.
 */
public final class TcpSyslogReceiver implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(TcpSyslogReceiver.class);

    private final ServerSocket server;
    private final LineSink sink;
    private final Clock clock;
    private final int maxFrame;
    private final String scheme;
    private final Semaphore connections;
    private final int maxConnections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> serving = ConcurrentHashMap.newKeySet();
    /** TLS connections still in their handshake: nothing read from them yet, closed at once at a stop. */
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    /** How long {@link #close()} waits for the connections to hand on what they read. */
    private volatile Duration stopWait = Duration.ofSeconds(5);
    /** After {@link #close()}: when readers stop reading what is still arriving ({@link System#nanoTime()}). */
    private volatile long stopReadingAt;
    /** How often a reader waiting on a silent connection looks whether the receiver is stopping. */
    static final int STOP_CHECK_MILLIS = 250;
    private final AtomicLong frames = new AtomicLong();
    /**
     * Frames handed to the sink's send step (sent, or rejected as dead letters): from there a record waiting on
     * Kafka is the publisher's to count (sent, not acknowledged), not this receiver's.
     */
    private final AtomicLong handedOn = new AtomicLong();
    /** Frames read but not handed to the sink's send step when {@link #close()} stopped waiting. */
    private volatile long strandedAtStop;
    private final AtomicLong framingErrors = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AllowedSenders allowed;
    private final Thread acceptor;
    private final ExecutorService workers = OrderedBatches.pool(OrderedBatches.workerThreads(), "syslog-parse");
    private static final int BATCH = 1_024;
    private volatile boolean closed;
    /**
     * How long a TLS client has to complete its handshake. A connection that says nothing is normal for
     * syslog once it is established (senders keep it open), but one that never completes its handshake
     * (a port scan, a health check that holds the port) would otherwise keep its slot of
     * {@code maxConnections} for good, and enough of them would lock every sender out.
     */
    private volatile Duration handshakeTimeout = Duration.ofSeconds(30);

    public TcpSyslogReceiver(InetSocketAddress bind, TlsSettings tls, int maxFrame, int maxConnections, LineSink sink,
            Clock clock) throws IOException {
        this(bind, tls, maxFrame, maxConnections, AllowedSenders.ANY, sink, clock);
    }

    /** As the other constructor, taking connections from {@code allowed} senders only (the others are closed and counted). */
    public TcpSyslogReceiver(InetSocketAddress bind, TlsSettings tls, int maxFrame, int maxConnections,
            AllowedSenders allowed, LineSink sink, Clock clock) throws IOException {
        this.allowed = allowed;
        if (tls == null) {
            this.server = new ServerSocket();
            this.scheme = "tcp";
        } else {
            SSLServerSocket ssl = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket();
            ssl.setNeedClientAuth(tls.requireClientCertificate());
            this.server = ssl;
            this.scheme = "tls";
        }
        server.setReuseAddress(true);
        server.bind(bind, 128);
        this.sink = sink;
        this.clock = clock;
        this.maxFrame = maxFrame;
        this.connections = new Semaphore(maxConnections);
        this.maxConnections = maxConnections;
        this.acceptor = new Thread(this::acceptLoop, scheme + "-syslog-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public long frames() {
        return frames.get();
    }

    public long framingErrors() {
        return framingErrors.get();
    }

    /** Connections from senders that are not allowed ({@code --allow}), closed before a byte was read. */
    public long refused() {
        return refused.get();
    }

    /** How long a TLS client has from connecting to completing its handshake (30 s by default). */
    public void handshakeTimeout(Duration timeout) {
        this.handshakeTimeout = timeout;
    }

    private final AtomicLong slotsFull = new AtomicLong();

    /**
     * How often every connection slot was taken when the next connection could be accepted: senders then wait
     * in the kernel's accept queue (and beyond its 128, their connects time out) until a connection ends.
     */
    public long slotsFull() {
        return slotsFull.get();
    }

    private void allSlotsTaken() {
        if (slotsFull.incrementAndGet() == 1) {
            LOGGER.atWarn().log("all " + maxConnections + " " + scheme + " connection slots (--max-connections) are "
                    + "taken: further senders wait, unread, until a connection ends; raise --max-connections if "
                    + "that many senders are expected (said once; counted in the summary)");
        }
    }

    /** Connections being served now: how many senders are connected. */
    public int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                if (!connections.tryAcquire()) {
                    allSlotsTaken(); // said: senders now wait in the kernel's queue without a word otherwise
                    connections.acquire();
                }
                Socket socket = server.accept();
                if (!allowed.allows(socket.getInetAddress(), scheme + "/" + port())) {
                    refused.incrementAndGet();
                    closeQuietly(socket);
                    connections.release();
                    continue;
                }
                open.add(socket);
                Thread t = new Thread(() -> serve(socket), scheme + "-syslog-conn-" + socket.getPort());
                t.setDaemon(true);
                serving.add(t);
                t.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                connections.release();
                if (!closed) {
                    LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("cannot accept a syslog connection");
                }
            }
        }
    }

    private void serve(Socket socket) {
        String from = SenderName.of(scheme, socket.getInetAddress());
        try (socket) {
            keepAlive(socket);
            if (socket instanceof SSLSocket ssl) {
                ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, handshakeTimeout.toMillis())));
                handshaking.add(ssl);
                try {
                    if (closed) {
                        return;
                    }
                    ssl.startHandshake();
                } catch (SocketTimeoutException e) {
                    LOGGER.atInfo().addKeyValue("srcAddress", from).log("TLS handshake not completed within "
                            + handshakeTimeout.toMillis() + " ms; connection closed");
                    return;
                } catch (javax.net.ssl.SSLException e) {
                    // Whatever that sender sends is lost: said with who it is, and counted for the summary.
                    handshakeFailures.incrementAndGet();
                    if (!closed) {
                        LOGGER.atWarn().addKeyValue("srcAddress", from).addKeyValue("error", e.getMessage())
                                .log("TLS handshake failed; connection closed, nothing read from it"
                                        + TlsHandshakeHint.of(e));
                    }
                    return;
                } finally {
                    handshaking.remove(ssl);
                }
            }
            socket.setSoTimeout(STOP_CHECK_MILLIS);
            StoppableInput stoppable = new StoppableInput(socket.getInputStream());
            BufferedInputStream in = new BufferedInputStream(stoppable, 1 << 16);
            if (!(socket instanceof SSLSocket) && tlsHandshake(in)) {
                // A TLS sender on the plain port: its handshake read as lines would be dozens of binary dead letters.
                LOGGER.atWarn().addKeyValue("srcAddress", from).log(TLS_ON_PLAIN_PORT);
                framingErrors.incrementAndGet();
                Origin origin = Origin.of(from, frames.incrementAndGet());
                handedOn.incrementAndGet();
                sink.reject("syslog framing: " + TLS_ON_PLAIN_PORT, "", origin, clock.instant());
                return;
            }
            FrameReader reader = FrameReader.detect(in, maxFrame);
            try (OrderedBatches<Runnable> batches = new OrderedBatches<>(workers, 4, Runnable::run)) {
                try {
                    if (reader instanceof NonTransparentFramer lf) {
                        serveBlocks(lf.blocks(), in, from, batches);
                    } else {
                        serveFrames(reader, in, from, batches, stoppable);
                    }
                } finally {
                    // What was read before the connection failed is counted already: send it, too.
                    batches.drain();
                }
            }
            if (closed && open.remove(socket)) {
                // The stop ended the reading while its sender went on sending: what the kernel still holds is lost.
                unreadAtStop.addAndGet(unread(socket));
            }
        } catch (SocketException e) {
            if (!closed) {
                LOGGER.atInfo().addKeyValue("srcAddress", from).addKeyValue("error", e.getMessage())
                        .log("syslog connection closed");
            }
        } catch (IOException e) {
            LOGGER.atWarn().addKeyValue("srcAddress", from).addKeyValue("error", e.getMessage())
                    .log("syslog connection failed");
        } catch (RuntimeException e) {
            if (closed) {
                // stopped while this connection still waited on Kafka: what it held is counted as not acknowledged
                LOGGER.atDebug().addKeyValue("error", e.toString()).log("syslog connection ended by the stop");
            } else {
                // A bug must cost this connection only, said in one line (the stack trace with -v).
                LOGGER.atError().setCause(e).addKeyValue("error", e.toString())
                        .log("syslog connection failed on an internal error; please report it");
            }
        } finally {
            open.remove(socket);
            connections.release();
            serving.remove(Thread.currentThread());
        }
    }

    private final AtomicLong handshakeFailures = new AtomicLong();

    /** TLS connections whose handshake failed (no or an untrusted client certificate, a sender that is not TLS, ...). */
    public long handshakeFailures() {
        return handshakeFailures.get();
    }

    static final String TLS_ON_PLAIN_PORT = "a TLS handshake on the plain TCP port; connection closed (point the "
            + "sender at the TLS port, or turn TLS off in it)";

    /**
     * Whether the stream starts with a TLS handshake record (content type 22, version 3.x): a byte no syslog
     * line starts with, so a second byte is waited for only after it. Nothing is consumed.
     */
    private static boolean tlsHandshake(BufferedInputStream in) throws IOException {
        in.mark(2);
        try {
            return in.read() == 0x16 && in.read() == 0x03;
        } finally {
            in.reset();
        }
    }

    /** Seconds a connection is idle before TCP keepalive probes it, then between probes, and how many go unanswered. */
    static final int KEEPALIVE_IDLE = 300;
    static final int KEEPALIVE_INTERVAL = 30;
    static final int KEEPALIVE_COUNT = 4;

    /**
     * A sender that vanished without closing (a host powered off, a cable pulled, a NAT or firewall that
     * forgot the flow) leaves a connection on which nothing will ever arrive: an idle connection is normal
     * for syslog, so it is not timed out, but TCP keepalive finds a dead peer (after 5 min idle and 4
     * unanswered probes 30 s apart) and the connection ends, giving its slot back. Linux's own default
     * would wait 2 h before the first probe.
     */
    private static void keepAlive(Socket socket) throws IOException {
        socket.setKeepAlive(true);
        if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_COUNT);
        }
    }

    /**
     * LF/NUL framing: this thread only finds where frames end; a worker decodes, parses and
     * serialises each block, and this thread sends the results in order.
     */
    private void serveBlocks(NonTransparentBlocks blocks, InputStream in, String from,
            OrderedBatches<Runnable> batches) throws IOException {
        for (NonTransparentBlocks.Piece piece = blocks.next(); piece != null; piece = blocks.next()) {
            if (piece.frames() != null) {
                LineBlock block = piece.frames();
                long first = frames.getAndAdd(block.count()) + 1;
                Instant received = clock.instant();
                batches.submit(counted(() -> sink.prepare(block, first, from, received), block.count()));
                if (in.available() == 0) {
                    // Nothing more waiting on the socket: send what we have now (live traffic, low latency).
                    batches.drain();
                }
                continue;
            }
            Frame frame = piece.frame();
            long n = frames.incrementAndGet();
            if (NonTransparentBlocks.UNEXPECTED_EOF.equals(frame.error()) && closed) {
                reject(cutShort(frame), Origin.of(from, n), batches);
            } else if (NonTransparentBlocks.UNEXPECTED_EOF.equals(frame.error())) {
                // A last frame without its trailer is still a message.
                String line = new String(frame.bytes(), StandardCharsets.UTF_8);
                Instant received = clock.instant();
                batches.submit(counted(() -> sink.prepare(List.of(line), List.of(frame.bytes()),
                        List.of(Origin.of(from, n)), received), 1));
            } else {
                reject(frame, Origin.of(from, n), batches);
            }
        }
    }

    /** Octet counting: frame by frame, in batches of up to {@link #BATCH}. */
    private void serveFrames(FrameReader reader, InputStream in, String from, OrderedBatches<Runnable> batches,
            StoppableInput stoppable) throws IOException {
        Pending pending = new Pending();
        // Whole frames read with the start of the next behind them (the rest not sent yet) are sent when the
        // connection has been silent for a moment, not held until that frame is complete.
        stoppable.whenSilent(() -> {
            pending.submit(batches);
            batches.drain();
        });
        try {
            for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
                if (frame.error() != null && frame.bytes() == null
                        && frame.error().equals(OctetCountingFramer.NOTHING_SENT)) {
                    continue;
                }
                long n = frames.incrementAndGet();
                boolean cutByStop = closed && frame.error() != null && (NonTransparentBlocks.UNEXPECTED_EOF.equals(frame.error())
                        || frame.error().startsWith(OctetCountingFramer.CUT_BY_THE_END));
                if (frame.error() != null && (cutByStop || !NonTransparentBlocks.UNEXPECTED_EOF.equals(frame.error()))) {
                    pending.submit(batches); // the frames before it go first
                    reject(cutByStop ? cutShort(frame) : frame, Origin.of(from, n), batches);
                    continue;
                }
                pending.add(frame.bytes(), Origin.of(from, n));
                boolean idle = in.available() == 0;
                if (pending.size() >= BATCH || idle) {
                    pending.submit(batches);
                    if (idle) {
                        // Nothing more waiting on the socket: send what we have now (live traffic, low latency).
                        batches.drain();
                    }
                }
            }
        } finally {
            pending.submit(batches); // also when the connection failed or was stopped: what was read is sent
        }
    }

    /** Frames read and not yet handed to a worker. */
    private final class Pending {
        private List<String> lines = new ArrayList<>(BATCH);
        private List<byte[]> bytes = new ArrayList<>(BATCH);
        private List<Origin> origins = new ArrayList<>(BATCH);

        void add(byte[] frame, Origin origin) {
            lines.add(new String(frame, StandardCharsets.UTF_8));
            bytes.add(frame);
            origins.add(origin);
        }

        int size() {
            return lines.size();
        }

        void submit(OrderedBatches<Runnable> batches) {
            if (lines.isEmpty()) {
                return;
            }
            List<String> l = lines;
            List<byte[]> b = bytes;
            List<Origin> o = origins;
            Instant received = clock.instant();
            batches.submit(counted(() -> sink.prepare(l, b, o, received), l.size()));
            lines = new ArrayList<>(BATCH);
            bytes = new ArrayList<>(BATCH);
            origins = new ArrayList<>(BATCH);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // a reset: the refused sender learns at once, and no TIME_WAIT is left here
            socket.close();
        } catch (IOException e) {
            // closed either way
        }
    }

    /**
     * A worker's task whose result, once run on the connection's thread, counts its frames as handed on as its
     * send begins: a send that waits on Kafka at the stop holds records the publisher counts (sent, not
     * acknowledged), which must not be counted here again.
     */
    private java.util.concurrent.Callable<Runnable> counted(java.util.concurrent.Callable<Runnable> prepare, int frameCount) {
        return () -> {
            Runnable send = prepare.call();
            return () -> {
                handedOn.addAndGet(frameCount);
                send.run();
            };
        };
    }

    /** A frame cut by the stop, not by its sender: its start alone could read as another packet (DPT=2 of DPT=22). */
    private static Frame cutShort(Frame frame) {
        return new Frame(frame.bytes(), "a frame cut short by the stop of the receiver", false);
    }

    /** A framing error: a dead letter, after everything before it. */
    private void reject(Frame frame, Origin origin, OrderedBatches<Runnable> batches) {
        batches.drain();
        framingErrors.incrementAndGet();
        String raw = frame.bytes() == null ? "" : frame.text();
        handedOn.incrementAndGet();
        sink.reject("syslog framing: " + frame.error(), raw, origin, clock.instant());
    }

    /** How long {@link #close()} waits for the connections to hand on what they read (5 s by default). */
    public void stopWait(Duration wait) {
        this.stopWait = wait;
    }

    /**
     * A connection's bytes as its reader sees them: a read on a silent connection wakes every
     * {@link #STOP_CHECK_MILLIS} (the socket's timeout) and goes on waiting, unless the receiver is
     * stopping: then the silence is the end of the stream. While bytes keep coming after the stop they are
     * read (what the kernel holds for the sender is not dropped) until three fifths of the stop's wait have
     * passed; the rest of the wait is for handing them on.
     */
    private final class StoppableInput extends java.io.FilterInputStream {
        private Runnable whenSilent;

        StoppableInput(InputStream in) {
            super(in);
        }

        /** Runs each time a read has waited {@link #STOP_CHECK_MILLIS} without a byte (on the reading thread). */
        void whenSilent(Runnable action) {
            this.whenSilent = action;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (closed && System.nanoTime() - stopReadingAt > 0) {
                    return -1;
                }
                try {
                    return in.read(b, off, len);
                } catch (SocketTimeoutException e) {
                    if (closed) {
                        return -1; // nothing more waiting at the stop: the end of this connection's stream
                    }
                    if (whenSilent != null) {
                        whenSilent.run();
                    }
                }
            }
        }
    }

    /**
     * Stops taking connections, then waits (at most {@link #stopWait}) until every connection has read
     * what its sender had sent (until it falls silent) and handed it on; a connection whose sender goes
     * on sending is read until three fifths of that wait. Connections still busy after the wait (Kafka
     * not answering, a slow parse) are closed under them, and what they read and did not hand on is
     * counted in {@link #strandedAtStop()}.
     */
    @Override
    public void close() throws IOException {
        stopReadingAt = System.nanoTime() + stopWait.toNanos() * 3 / 5;
        closed = true;
        server.close();
        acceptor.interrupt();
        try {
            acceptor.join(1_000); // no connection starts after this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket socket : handshaking) {
            closeQuietly(socket); // a client that has not finished its handshake (a scan, a health check)
        }
        long deadline = System.nanoTime() + stopWait.toNanos();
        for (Thread thread : serving) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            try {
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket socket : open) {
            if (open.remove(socket)) { // not counted by its own thread, ending just now
                unreadAtStop.addAndGet(unread(socket)); // what its sender sent that no one will read now
                socket.close();
            }
        }
        workers.shutdown();
        strandedAtStop = Math.max(0, frames.get() - handedOn.get());
    }

    /** Bytes its sender sent that the kernel holds for a connection, unread; 0 when it cannot tell (closed). */
    private static long unread(Socket socket) {
        try {
            return socket.getInputStream().available();
        } catch (IOException e) {
            return 0;
        }
    }

    private final AtomicLong unreadAtStop = new AtomicLong();

    /**
     * Bytes senders had sent that were still unread when {@link #close()} stopped waiting (connections
     * blocked on a Kafka that does not answer cannot read on), or when a connection's reading ended at the
     * stop while its sender went on sending: lost with the connection.
     */
    public long unreadBytesAtStop() {
        return unreadAtStop.get();
    }

    /**
     * Frames read but not handed to the sink's send step when {@link #close()} stopped waiting (Kafka not
     * answering): lost. Those whose send had begun are the publisher's to count, not these.
     */
    public long strandedAtStop() {
        return strandedAtStop;
    }
}
