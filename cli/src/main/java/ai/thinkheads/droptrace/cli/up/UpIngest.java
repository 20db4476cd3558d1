package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.PortOption;
import ai.thinkheads.droptrace.cli.common.StateDirectory;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.ingest.StatsOptions;
import ai.thinkheads.droptrace.cli.ingest.SummaryField;
import ai.thinkheads.droptrace.cli.ingest.TailCommand;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.receive.PublishingSink;
import ai.thinkheads.droptrace.ingest.receive.SenderCounts;
import ai.thinkheads.droptrace.ingest.receive.TcpSyslogReceiver;
import ai.thinkheads.droptrace.ingest.receive.UdpSyslogReceiver;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.tail.FileEnd;
import ai.thinkheads.droptrace.ingest.tail.FileFollower;
import ai.thinkheads.droptrace.ingest.tail.NodeName;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ways log lines come into {@code up}: file tails and syslog receivers, all through one publisher. */
final class UpIngest {

    private static final Logger LOGGER = LoggerFactory.getLogger(UpIngest.class);
    /** How long the stop waits for Kafka to acknowledge the lines sent, as ingest listen's. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final UpSettings settings;
    private final String bootstrap;
    private final RunningParts parts;
    /** Lines per syslog sender, and the receivers once open (for their refused counts in the stats line). */
    private final SenderCounts senders = new SenderCounts();
    private volatile UdpSyslogReceiver udpReceiver;
    private volatile TcpSyslogReceiver tcpReceiver;
    private final ShutdownSignal signal;
    private final AtomicReference<String> failure = new AtomicReference<>();
    /** With tail.fromEnd, where each file ended when up started ({@link #endsNow}); a file not in it: at its tail's start. */
    private final Map<Path, FileEnd> startAt;

    UpIngest(UpSettings settings, String bootstrap, RunningParts parts, ShutdownSignal signal) {
        this(settings, bootstrap, parts, signal, Map.of());
    }

    UpIngest(UpSettings settings, String bootstrap, RunningParts parts, ShutdownSignal signal,
            Map<Path, FileEnd> startAt) {
        this.startAt = Map.copyOf(startAt);
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.parts = parts;
        this.signal = signal;
    }

    /**
     * Why {@code up} stopped on its own ({@code stopped following FILE: reason}), or {@code null}: a tail
     * that fails ends {@code up}, as it ends {@code ingest tail}, instead of leaving it running without it.
     */
    String failure() {
        return failure.get();
    }

    /** A follower that stopped on a failure: the first one stops {@code up}; one after a stop began only says so. */
    private void failed(Path file, Exception e) {
        String reason = TailCommand.described(e);
        String why = "stopped following " + file + ": " + reason;
        if (signal.stopRequested()) {
            // a follower still waiting on Kafka when the publisher closed: its part said so already
            LOGGER.atDebug().addKeyValue("error", why).log("a tail failed while up stopped");
            return;
        }
        if (failure.compareAndSet(null, why)) {
            parts.problem("tail " + file + ": failed (" + reason + "); stopping");
            signal.requestStop();
        }
    }

    void start() {
        if (settings.tailFiles().isEmpty() && settings.syslog() == null) {
            parts.say("log lines: no tail and no syslog section; nothing is ingested by this process");
            return;
        }
        IngestCounters counters = new IngestCounters();
        EventPublisher publisher = parts.started("log publisher", new FlushingPublisher(
                new EventPublisher(bootstrap, settings.namespace(), EventPublisher.waitForBroker()), counters),
                "to namespace " + settings.namespace()).publisher();
        stats(counters, publisher);
        // the node whose log it is on every event: firewall.node when given, else this machine's name
        String node = settings.readOptions().node() != null ? settings.readOptions().node() : NodeName.local();
        for (Path file : settings.tailFiles()) {
            Path state = stateFile(file);
            FileEnd end = startAt.get(file);
            FileFollower follower = end != null
                    ? new FileFollower(file, state, new FirewallLineParser(live(), node), publisher, counters,
                            bootstrap, settings.tailPoll(), Clock.systemUTC(), end)
                    : new FileFollower(file, state, new FirewallLineParser(live(), node), publisher, counters,
                            bootstrap, settings.tailPoll(), Clock.systemUTC(), settings.tailFromEnd());
            Thread thread = new Thread(() -> {
                follower.run();
                if (follower.failure() != null) {
                    failed(file, follower.failure());
                }
            }, "tail-" + file.getFileName());
            thread.setDaemon(true);
            thread.start();
            parts.started("tail " + file, () -> {
                follower.stop();
                thread.join(10_000); // one waiting on a silent Kafka keeps its position before those lines
                if (thread.isAlive()) {
                    parts.problem("tail " + file + ": Kafka did not acknowledge its last lines within 10 s of the "
                            + "stop; the position stays before them, so the next start reads them again");
                }
            }, (Files.exists(file) ? "following" : "waiting for the file to appear") + " (position in " + state + ")");
        }
        if (settings.syslog() == null) {
            return;
        }
        UpConfig.Syslog syslog = settings.syslog();
        String bind = UpPreflight.bindOf(syslog);
        PublishingSink sink = new PublishingSink(new FirewallLineParser(live()), publisher, counters, senders);
        if (syslog.udp() != null) {
            UdpSyslogReceiver udp = opened("syslog.udp", "udp", bind, syslog.udp(), () -> new UdpSyslogReceiver(
                    new InetSocketAddress(bind, syslog.udp()), 8 << 20, 100_000, syslog.allowed(), sink, Clock.systemUTC()));
            udpReceiver = udp;
            String capped = udp.bufferWarning(8 << 20);
            parts.started("syslog udp", udp, "listening on " + PortOption.url("udp", bind, udp.port())
                    + (capped == null ? "" : "; warning: " + capped));
        }
        if (syslog.tcp() != null) {
            TcpSyslogReceiver tcp = opened("syslog.tcp", "tcp", bind, syslog.tcp(), () -> new TcpSyslogReceiver(
                    new InetSocketAddress(bind, syslog.tcp()), null, 65_536, 256, syslog.allowed(), sink, Clock.systemUTC()));
            tcpReceiver = tcp;
            parts.started("syslog tcp", tcp, "listening on " + PortOption.url("tcp", bind, tcp.port()));
        }
    }

    /** A receiver opened; a port taken since the check before the start is one line naming it and its key. */
    private static <T> T opened(String key, String scheme, String bind, int port, Receiver<T> receiver) {
        try {
            return receiver.open();
        } catch (BindException e) {
            throw new UserException(ExitCodes.FAILURE, UpPreflight.held(key, scheme, bind, port, e,
                    "another syslog receiver"), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the syslog receiver: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Receiver<T> {
        T open() throws IOException;
    }

    /**
     * With {@code tail.fromEnd}, where each followed file's last complete line ends now (at up's start, before Kafka
     * and the correlator): a first run starts there, so the lines written while up starts are read; else none.
     */
    static Map<Path, FileEnd> endsNow(UpSettings settings) throws IOException {
        Map<Path, FileEnd> ends = new LinkedHashMap<>();
        if (settings.tailFromEnd()) {
            for (Path file : settings.tailFiles()) {
                ends.put(file, FileEnd.of(file));
            }
        }
        return ends;
    }

    /** A line of the log lines' counts every {@code statsEvery}, as ingest tail and listen print them. */
    private void stats(IngestCounters counters, EventPublisher publisher) {
        if (settings.statsEvery().isZero()) {
            return;
        }
        StatsOptions.Ticker ticker = StatsOptions.ticker(parts.err(), "droptrace up: log lines: ", settings.statsEvery(),
                () -> counters.snapshot(publisher), this::syslogStats);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "up-stats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> ticker.tick(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
        parts.started("log line counts", timer::shutdownNow, "a line every " + settings.statsEvery().toSeconds() + " s");
    }

    static final SummaryField SYSLOG_SENDERS = new SummaryField("syslogSenders", "syslog senders");
    static final SummaryField UDP_DROPPED = new SummaryField("udpDropped", "udp dropped (queue full)");
    static final SummaryField UDP_DROPPED_BY_KERNEL = new SummaryField("udpDroppedByKernel", "udp dropped by the kernel");

    /**
     * For the stats line: how many syslog senders were heard, how many were refused (syslog.allow), and the UDP
     * datagrams dropped or lost, when any were.
     */
    Map<SummaryField, Object> syslogStats() {
        if (settings.syslog() == null) {
            return Map.of();
        }
        Map<SummaryField, Object> stats = new LinkedHashMap<>();
        stats.put(SYSLOG_SENDERS, senders.senders());
        UdpSyslogReceiver udp = udpReceiver;
        TcpSyslogReceiver tcp = tcpReceiver;
        long refused = (udp == null ? 0 : udp.refused()) + (tcp == null ? 0 : tcp.refused());
        if (refused > 0) {
            stats.put(new SummaryField("refused", "refused (sender not allowed)"), refused);
        }
        if (udp != null) { // what UDP lost, as ingest listen's stats line says it (when there is any)
            long dropped = udp.dropped();
            long lost = udp.failed();
            long kernel = udp.kernelDrops();
            if (dropped > 0) {
                stats.put(UDP_DROPPED, dropped);
            }
            if (lost > 0) {
                stats.put(new SummaryField("udpLost", "udp lost (Kafka refused)"), lost);
            }
            if (kernel > 0) {
                stats.put(UDP_DROPPED_BY_KERNEL, kernel);
            }
        }
        return stats;
    }

    private static SyslogYearAndZone live() {
        return SyslogYearAndZone.live();
    }

    /** {@code <stateDir>/tail/<name>-<hash of the path>.json}. */
    Path stateFile(Path file) {
        return stateFile(settings, file);
    }

    /** The position file of the tail of {@code file}: {@code <stateDir>/tail/<name>-<hash of the path>.json}. */
    static Path stateFile(UpSettings settings, Path file) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    // normalised, as ingest tail names its own: tail.files' ./pve-firewall.log keeps the position of pve-firewall.log
                    .digest(file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            Path dir = StateDirectory.create(settings.stateDir().resolve("tail"), "the tail positions");
            return dir.resolve(file.getFileName() + "-" + HexFormat.of().formatHex(hash, 0, 4) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The publisher as a part, closed after the tails and receivers: waits at most 15 s for Kafka to
     * acknowledge what they sent (a broker that does not answer would keep a plain flush waiting for a
     * day; a record still waiting for its topic's metadata is in no buffer a flush waits for: the counts
     * tell), then says, as {@code ingest listen} does, what was not acknowledged and what the receivers
     * read but could not hand on, or left unread: each makes the stop not a clean one.
     */
    private final class FlushingPublisher implements AutoCloseable {
        private final EventPublisher publisher;
        private final IngestCounters counters;

        FlushingPublisher(EventPublisher publisher, IngestCounters counters) {
            this.publisher = publisher;
            this.counters = counters;
        }

        EventPublisher publisher() {
            return publisher;
        }

        @Override
        public void close() {
            publisher.flushWithin(STOP_WAIT);
            IngestCounts after = counters.snapshot(publisher);
            long missing = after.sent() - after.acknowledged() - publisher.failed();
            if (missing > 0) {
                publisher.abandon(); // closed at once: what it held is counted here as lost
                parts.problem("log publisher: " + Count.of(missing, "record") + " not acknowledged by Kafka within "
                        + STOP_WAIT.toSeconds() + " s of the stop: the syslog receivers' are lost; the tails read "
                        + "theirs again at the next start");
            }
            UdpSyslogReceiver udp = udpReceiver;
            TcpSyslogReceiver tcp = tcpReceiver;
            lost("syslog udp: ", udp == null ? 0 : udp.strandedAtStop(), "datagram", "received, not sent to Kafka");
            lost("syslog tcp: ", tcp == null ? 0 : tcp.strandedAtStop(), "frame", "read, not sent to Kafka");
            lost("syslog tcp: ", tcp == null ? 0 : tcp.unreadBytesAtStop(), "byte", "senders had sent, not read");
            if (missing <= 0) {
                publisher.flush(); // throws when Kafka refused records: the part then did not stop cleanly
            }
            publisher.close();
        }

        /** {@code syslog udp: 3 datagrams received, not sent to Kafka within 5 s of the stop (lost)}. */
        private void lost(String part, long count, String noun, String what) {
            if (count > 0) {
                parts.problem(part + Count.of(count, noun) + " " + what + " within 5 s of the stop (lost)");
            }
        }
    }
}
