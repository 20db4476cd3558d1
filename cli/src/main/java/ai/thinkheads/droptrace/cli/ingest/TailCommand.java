package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.common.ErrorHandler;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.SignalledExit;
import ai.thinkheads.droptrace.cli.common.StateDirectory;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.replay.LineSource;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.tail.FileEnd;
import ai.thinkheads.droptrace.ingest.tail.FileFollower;
import ai.thinkheads.droptrace.ingest.tail.NodeName;
import ai.thinkheads.droptrace.ingest.tail.TailState;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code droptrace ingest tail PATH}: follow a log file into Kafka with a durable position. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {
            "Follows a firewall log file (default /var/log/pve-firewall.log) into Kafka until stopped (SIGTERM/Ctrl-C).",
            "",
            "Waits for a missing file, survives logrotate by rename and by copytruncate, and keeps its position "
                    + "(file identity + byte offset) in a state file that advances only after Kafka acknowledged the "
                    + "records: after a crash or kill -9 it resumes without losing or repeating a line. A first run "
                    + "reads the file from its start, or with --from-end only what is written after it started. "
                    + "If Kafka is down, at the start or later, it waits (saying so) and resumes. Events carry the "
                    + "node's name (--host; by default this machine's host name up to its first dot), which "
                    + "pve-firewall.log lines do not: in a cluster each node's tail says whose log it read."
        })
public final class TailCommand implements Callable<Integer> {

    @Mixin
    private KafkaOptions common;

    @Mixin
    private SyslogTimeOptions time;

    @Mixin
    private StatsOptions stats;

    @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "/var/log/pve-firewall.log",
            description = "The file to follow. Default: ${DEFAULT-VALUE}.")
    private Path path;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Where the position is kept. Default: $XDG_STATE_HOME (or ~/.local/state)/droptrace/tail-<name>-<hash>.json.")
    private Path stateFile;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "200ms", converter = PollInterval.class,
            description = "How often to look for new lines and rotation, 1ms to 60s: 200ms, 1s (a number alone is "
                    + "milliseconds). Default: ${DEFAULT-VALUE}.")
    private Duration poll;

    /** Default: this machine's node name (its host name up to the first dot). */
    @Mixin
    private HostOption host;

    @Option(names = "--from-end", description = "On a first run (no stored position), start at the end of the file: "
            + "only lines written from now on, as tail -n0 -f. A stored position always wins.")
    private boolean fromEnd;

    @Override
    public Integer call() throws Exception {
        SyslogYearAndZone zone = time.live(); // a bad --zone is a usage error before anything starts
        stats.check();
        checkFollowable(path);
        String node = host.orElse(NodeName.local());
        Path state = stateFile != null ? stateFile : defaultStateFile(path);
        StateDirectory.create(state.toAbsolutePath().getParent(), "the tail position (--state-file)");
        if (Files.isDirectory(state)) {
            throw new UserException(ExitCodes.USAGE, "--state-file " + state + " is a directory: give a file");
        }
        if (Files.exists(state) && Files.exists(path) && Files.isSameFile(state, path)) { // a missing log is waited for
            throw new UserException(ExitCodes.CONFIG_INVALID, "--state-file " + state + " is the log it follows, not a "
                    + "tail position: give the position a file of its own (or leave --state-file out)");
        }
        TailState stored;
        try {
            stored = TailState.read(state);
        } catch (IOException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, e.getMessage() + "; delete it to follow " + path
                    + " from its start", e);
        }
        if (stored != null && !stored.follows(path)) {
            throw new UserException(ExitCodes.USAGE, "--state-file " + state + " keeps the position in "
                    + stored.path() + ", not in " + path + ": give this tail its own --state-file (or delete that "
                    + "one to follow " + path + " from its start)");
        }
        // --from-end: the end now, not once Kafka answers: what is written while the tail waits for it is new too
        FileEnd startAt = fromEnd ? FileEnd.of(path) : null;
        Namespace namespace = common.namespace();
        IngestCounters counters = new IngestCounters();
        long started = System.nanoTime();
        // SIGTERM or Ctrl-C stops the command; the JVM waits up to 60 s for the flush and summary below.
        try (FileChannel lock = exclusive(state);
                FileChannel logLock = exclusiveLog(path, state);
                ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(60));
                KafkaConnection kafka = KafkaConnection.openWaiting(common, signal)) {
            if (kafka == null) {
                common.err().println("Stopped while waiting for Kafka; nothing was read.");
                return ExitCodes.OK;
            }
            TopicAdmin.ensure(kafka.bootstrapServers(), 3, Duration.ofSeconds(60), namespace, Topics.all());
            // The embedded broker's records are deleted at exit: a position stored against them would make the next
            // tail, into a Kafka that stays, skip every line read here. This run keeps its own, deleted with them.
            Path position = kafka.isEmbedded() ? throwawayPosition(state) : state;
            try (EventPublisher publisher = new EventPublisher(kafka.bootstrapServers(), namespace,
                    EventPublisher.waitForBroker())) {
                FileFollower follower = new FileFollower(path, position, new FirewallLineParser(zone, node), publisher,
                        counters, kafka.bootstrapServers(), poll, Clock.systemUTC(), startAt);
                Thread thread = new Thread(follower, "tail-" + path.getFileName());
                thread.setDaemon(true);
                thread.start();
                common.err().println("Following " + path + (node == null ? "" : " of " + node) + " into namespace "
                        + namespace + (position == state ? " (position in " + state + ")." : " of the embedded broker, "
                                + "deleted at exit with the position it acknowledged (" + state + " is left as it was: "
                                + "give --bootstrap-servers to keep one).")
                        + (Files.exists(path) ? "" : " " + path + " is not there yet: waiting for the file to appear."));
                common.err().flush();
                StatsOptions.Ticker ticker = stats.ticker(common, () -> counters.snapshot(publisher), Map::of);
                KafkaStallNotice stall = new KafkaStallNotice(common.err(), "waiting for it: the position stays "
                        + "before them, nothing is lost");
                while (!signal.await(Duration.ofMillis(500)) && thread.isAlive()) {
                    // until SIGTERM or Ctrl-C, or the follower stops on a failure
                    ticker.tick(System.nanoTime());
                    IngestCounts now = counters.snapshot(publisher);
                    stall.check(now.sent(), now.acknowledged(), System.nanoTime());
                }
                follower.stop();
                thread.join(10_000); // one waiting on a silent Kafka keeps its position before those lines
                List<String> notes = new java.util.ArrayList<>();
                String refusal = null;
                boolean flushed = publisher.flushWithin(Duration.ofSeconds(20));
                // a record still waiting for the topic's metadata (Kafka down) is in no buffer a flush waits for
                IngestCounts afterFlush = counters.snapshot(publisher);
                boolean answered = flushed && afterFlush.acknowledged() + publisher.failed() >= afterFlush.sent();
                if (answered) {
                    thread.join(5_000); // its own flush has returned too: a refusal ends it with its failure
                    try {
                        publisher.flush(); // throws when Kafka refused records: said below, after the summary
                    } catch (IllegalStateException e) {
                        refusal = ErrorHandler.rootMessage(e);
                        notes.add("Kafka refused " + publisher.failed() + " record(s); the position stays before "
                                + "their lines");
                    }
                } else {
                    // the position moves only past acknowledged lines: the next start reads these again
                    notes.add("Kafka did not acknowledge every line within 20 s of the stop; the position stays "
                            + "before them, so the next start reads them again");
                }
                notes.add(position != state ? "position " + follower.position() + " acknowledged by the embedded "
                        + "broker, not stored: " + (stored == null ? "no position was stored" : "the position in " + state
                                + " is left as it was") : follower.positioned() ? "position " + follower.position()
                                + " acknowledged and stored in " + state : (follower.appeared() ? "" : path + " did not appear; ") + (stored == null
                                ? "no position was stored" : "the position in " + state + " is left as it was"));
                IngestSummary.print(common, "Followed " + path, counters.snapshot(publisher),
                        (System.nanoTime() - started) / 1e9, notes, Map.of());
                Exception failure = follower.failure(); // before abandon(), which fails the follower's own flush
                if (!answered) {
                    publisher.abandon(); // closed at once, without an error for each record it held: they are read again
                }
                UserException failed = failure != null ? new UserException(ExitCodes.FAILURE, "stopped following "
                        + path + ": " + described(failure), failure) : refusal == null ? null
                        : new UserException(ExitCodes.KAFKA_UNAVAILABLE, "Kafka did not accept every record ("
                                + refusal + ")");
                if (failed != null) {
                    SignalledExit.failIfStopping(common, failed, publisher, kafka);
                    throw failed;
                }
            } finally {
                if (position != state) {
                    deleteQuietly(position.getParent());
                }
            }
        }
        return ExitCodes.OK;
    }

    /**
     * A position file of its own for a tail into the embedded broker, in a temporary folder: the stored one, if any,
     * copied to start from, and left as it was.
     */
    private static Path throwawayPosition(Path state) throws IOException {
        Path position = Files.createTempDirectory("droptrace-tail-").resolve("position.json");
        if (Files.exists(state)) {
            Files.copy(state, position);
        }
        return position;
    }

    private static void deleteQuietly(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a temporary folder: the system's cleaning takes it
        }
    }

    /**
     * A usage error, in one line, when {@code path} can never be followed: a directory, a pipe or a
     * device, a file that cannot be read, a compressed file, a path under a file. A missing file is fine: it is waited
     * for.
     * Also {@code droptrace up}'s check of {@code tail.files}.
     */
    public static void checkFollowable(Path path) {
        Path dir = path.toAbsolutePath().getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir != null && !Files.isDirectory(dir)) { // it could never appear: waiting for it would be for ever
            throw new UserException(ExitCodes.USAGE, path + " cannot be a file: " + dir + " is a file, not a directory");
        }
        if (Files.isDirectory(path)) { // a missing file is waited for; a directory never becomes a log
            throw new UserException(ExitCodes.USAGE, path + " is a directory: give the log file to follow");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) { // a pipe or a device has no offset to keep
            throw new UserException(ExitCodes.USAGE, path + " is not a regular file (a pipe or a device): 'ingest tail' "
                    + "follows log files; pipe the lines into 'droptrace parse', or send them to 'droptrace ingest listen'");
        }
        if (Files.exists(path) && !Files.isReadable(path)) {
            throw new UserException(ExitCodes.USAGE, "cannot read " + path + ": permission denied (pve-firewall.log is "
                    + "root's: run as root, or as a user its group or an ACL lets read it)");
        }
        String format = LineSource.format(path);
        if (format != null) { // a rotated, compressed file does not grow: it is history
            throw new UserException(ExitCodes.USAGE, path + " is " + format + ": 'ingest tail' follows the live log "
                    + "as it grows; for history use 'droptrace replay " + path + "'");
        }
    }

    /** A failure of the follower in words: a file system exception's own message is often the bare path. */
    public static String described(Exception failure) {
        if (failure instanceof FileSystemException e && e.getFile() != null) {
            return e.getFile() + ": " + StateDirectory.reason(e);
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /**
     * The state file for this tail alone: two tails of one state file would both send every line and
     * overwrite each other's position. The lock is on {@code STATE.lock}; closing the channel returned
     * (or the end of the process) releases it.
     */
    private FileChannel exclusive(Path state) throws IOException {
        return lock(state.resolveSibling(state.getFileName() + ".lock"), "the lock of --state-file " + state,
                "another 'droptrace ingest tail' is using the state file " + state
                        + " (a droptrace service?); stop it, or give this one its own --state-file");
    }

    /**
     * The log for this tail alone among the tails whose state files share a directory (the default ones do): a
     * tail of the log through a symbolic link has another default state file, and both would send every line.
     * The lock is on {@code tail-<hash of the log's real path>.log.lock} beside the state file ({@code up} takes it
     * in its stateDir); of a log not there yet, the path it will have ({@link #realPathOf}): two tails waiting for it
     * would both send every line once it appears.
     */
    private FileChannel exclusiveLog(Path log, Path state) throws IOException {
        Path real = realPathOf(log);
        return lock(logLockFile(real, state), "the lock of the log " + real, "another droptrace ('ingest tail', or 'up' "
                + "whose stateDir is " + state.toAbsolutePath().getParent() + ") is following " + real
                + (real.equals(log.toAbsolutePath()) ? "" : " (" + log + " is another name of it)")
                + "; stop it: two tails of one log send every line twice");
    }

    /**
     * The file {@code log} is once every link is followed; of a log not there yet, the file it will be: a dangling
     * link's target followed, then the real path of the nearest folder that is there with the rest of the name.
     */
    public static Path realPathOf(Path log) {
        Path path = log.toAbsolutePath();
        for (int links = 0; links < 40; links++) { // as the kernel, which gives up on a loop after 40
            try {
                return path.toRealPath();
            } catch (IOException e) {
                // not there (yet): its link's target, or its folder's real path below
            }
            if (!Files.isSymbolicLink(path)) {
                break;
            }
            try {
                path = path.resolveSibling(Files.readSymbolicLink(path));
            } catch (IOException e) {
                break;
            }
        }
        path = path.normalize();
        Path rest = path.getFileName();
        for (Path folder = path.getParent(); folder != null && rest != null; folder = folder.getParent()) {
            try {
                return folder.toRealPath().resolve(rest);
            } catch (IOException e) {
                rest = folder.getFileName() == null ? null : folder.getFileName().resolve(rest);
            }
        }
        return path;
    }

    /** The lock file of the log at {@code realPath} among the tails whose state files are beside {@code state}. */
    static Path logLockFile(Path realPath, Path state) {
        return logLockIn(state.toAbsolutePath().getParent(), realPath);
    }

    /** The lock file of the log at {@code realPath} in {@code directory}: {@code tail-<hash>.log.lock}. */
    public static Path logLockIn(Path directory, Path realPath) {
        return directory.toAbsolutePath().resolve("tail-" + shortHash(realPath.toString()) + ".log.lock");
    }

    /**
     * The lock of the log at {@code realPath} in {@code directory}, as an {@code ingest tail} whose state file is
     * there takes it; {@code null} when another tail (this process's or another's) holds it.
     */
    public static FileChannel tryLockLog(Path directory, Path realPath, String what) throws IOException {
        return tryLock(logLockIn(directory, realPath), what);
    }

    /**
     * The lock of the state file {@code state} ({@code STATE.lock}), as every tail of it takes it; {@code null} when
     * another tail (this process's or another's) holds it. Closing the channel releases it.
     */
    public static FileChannel tryLockState(Path state, String what) throws IOException {
        return tryLock(state.resolveSibling(state.getFileName() + ".lock"), what);
    }

    private static FileChannel lock(Path lockFile, String what, String held) throws IOException {
        FileChannel channel = tryLock(lockFile, what);
        if (channel == null) {
            throw new UserException(ExitCodes.USAGE, held);
        }
        return channel;
    }

    private static FileChannel tryLock(Path lockFile, String what) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) { // a read-only file system (systemd's ProtectSystem=strict), an immutable directory
            throw new UserException(ExitCodes.CONFIG_INVALID, "cannot write " + lockFile + ", " + what + ": "
                    + StateDirectory.reason(e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM already
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        return channel;
    }

    private static String shortHash(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Named by the log's absolute path with {@code .} and {@code ..} taken out: ./fw.log and /dir/fw.log are one log. */
    static Path defaultStateFile(Path file) {
        Path log = file.toAbsolutePath().normalize();
        return StateDirectory.root().resolve("tail-" + log.getFileName() + "-" + shortHash(log.toString()) + ".json");
    }

}
