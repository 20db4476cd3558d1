package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.ingest.pipeline.OrderedBatches;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
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
    /** The kernel's queue of connections not accepted yet. */
    private static final int BACKLOG = 128;

    private final ServerSocket server;
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
    private final SyslogConnectionReader reading;
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
        server.bind(bind, BACKLOG);
        // accept() wakes to look whether the receiver is stopping: the stop reads the senders still in the queue itself
        server.setSoTimeout(SyslogConnectionReader.STOP_CHECK_MILLIS);
        this.connections = new Semaphore(maxConnections);
        this.maxConnections = maxConnections;
        this.reading = new SyslogConnectionReader(sink, clock, maxFrame, workers, new SyslogConnectionReader.Stop() {
            @Override
            public boolean stopped() {
                return closed;
            }

            @Override
            public long stopReadingAt() {
                return stopReadingAt;
            }
        }, frames, handedOn, framingErrors);
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
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException e) {
                    connections.release(); // no one came: look again whether the receiver is stopping
                    continue;
                }
                take(socket);
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

    /** Serves an accepted connection on a thread of its own, or closes it when its sender is not allowed. */
    private void take(Socket socket) {
        if (!allowed.allows(socket.getInetAddress(), scheme + "/" + port())) {
            refused.incrementAndGet();
            closeQuietly(socket);
            connections.release();
            return;
        }
        open.add(socket);
        Thread t = new Thread(() -> serve(socket), scheme + "-syslog-conn-" + socket.getPort());
        t.setDaemon(true);
        serving.add(t);
        t.start();
    }

    /**
     * At the stop: the senders that found every slot taken and still wait in the kernel's queue have had their
     * lines taken by the kernel, which closing the socket would drop without a word. They are served as the others
     * are at a stop, read until they fall silent (a TLS sender waiting there has sent nothing but its hello).
     */
    private void takeWaiting() {
        try {
            server.setSoTimeout(1);
            for (int k = 0; k < BACKLOG; k++) { // what the queue holds: senders connecting meanwhile do not hold the stop
                take(server.accept());
            }
        } catch (IOException e) {
            // the queue is empty (the wait timed out), or the socket failed: no one more to take
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
            if (!reading.read(socket, from)) {
                return;
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

    private static void closeQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // a reset: the refused sender learns at once, and no TIME_WAIT is left here
            socket.close();
        } catch (IOException e) {
            // closed either way
        }
    }

    /** How long {@link #close()} waits for the connections to hand on what they read (5 s by default). */
    public void stopWait(Duration wait) {
        this.stopWait = wait;
    }

    /**
     * Stops taking connections (a sender still waiting for a slot in the kernel's queue is taken and read as the
     * others are), then waits (at most {@link #stopWait}) until every connection has read
     * what its sender had sent (until it falls silent) and handed it on; a connection whose sender goes
     * on sending is read until three fifths of that wait. Connections still busy after the wait (Kafka
     * not answering, a slow parse) are closed under them, and what they read and did not hand on is
     * counted in {@link #strandedAtStop()}.
     */
    @Override
    public void close() throws IOException {
        stopReadingAt = System.nanoTime() + stopWait.toNanos() * 3 / 5;
        closed = true;
        acceptor.interrupt(); // out of its wait for a slot at once, out of accept() within its timeout
        try {
            acceptor.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        takeWaiting();
        server.close(); // no connection starts after this
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
