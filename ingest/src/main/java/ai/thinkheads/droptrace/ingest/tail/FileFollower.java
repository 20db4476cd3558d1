package ai.thinkheads.droptrace.ingest.tail;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.LineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a log file like {@code tail -F}: waits for it to appear, reads new complete lines,
 * survives logrotate by rename (finishes the old file, then starts the new one) and by copytruncate
 * (starts again at 0 when the file shrank, or when the bytes before the position are no longer the ones
 * read there: truncated and written past it again), reads what a rotation left behind ({@link RotatedFiles}: the
 * rest of a copytruncate copy, or, after a stop, the rotated file of the position and the younger ones, gzip-compressed
 * or not), and keeps a durable position that advances only after
 * Kafka acknowledged every record before it. Each record carries the file identity and the line's
 * byte offset as headers; after a crash, lines that reached Kafka after the last stored position
 * are recognised ({@link AlreadySent}) and not sent again.
 */
public final class FileFollower implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(FileFollower.class);

    private volatile Exception failure;
    private static final int BATCH_LINES = 5_000;

    private final Path path;
    private final Path stateFile;
    private final LineParser parser;
    private final EventPublisher publisher;
    private final IngestCounters counters;
    private final String bootstrapServers;
    private final Duration pollInterval;
    private final Clock clock;
    private final Map<String, Long> partitionOffsets = new ConcurrentHashMap<>();
    private final AtomicLong rotations = new AtomicLong();
    private final boolean fromEnd;
    /** With {@link #fromEnd}, where the file ended when the tail was started; {@code null}: when it is first looked at. */
    private final FileEnd startAt;
    private volatile boolean stopped;
    private volatile long position;
    /** The follower has a position in a file of its own: not while it waits for the file to appear. */
    private volatile boolean positioned;
    /** The file was there, or has appeared. */
    private volatile boolean appeared;
    /** The file was not there at the first look. */
    private boolean appearedLate;
    /** When the position was last stored (epoch milliseconds). */
    private Long lastStored;
    /**
     * When the stored partition offsets were last moved to the partitions' ends (epoch milliseconds of {@link #clock}),
     * {@code null} before: see {@link #moveRecoveryStart(OpenFile)}.
     */
    private Long recoveryStartMoved;
    /** How often an idle tail moves the start of a restart's recovery to the partitions' ends. */
    private static final Duration RECOVERY_START_EVERY = Duration.ofMinutes(1);

    public FileFollower(Path path, Path stateFile, LineParser parser, EventPublisher publisher, IngestCounters counters,
            String bootstrapServers, Duration pollInterval, Clock clock) {
        this(path, stateFile, parser, publisher, counters, bootstrapServers, pollInterval, clock, false);
    }

    /**
     * As the other constructor; with {@code fromEnd}, a file followed for the first time (no stored
     * position) is read from the end of its last complete line instead of from its start: only lines
     * written from now on ({@code droptrace doctor}).
     */
    public FileFollower(Path path, Path stateFile, LineParser parser, EventPublisher publisher, IngestCounters counters,
            String bootstrapServers, Duration pollInterval, Clock clock, boolean fromEnd) {
        this(path, stateFile, parser, publisher, counters, bootstrapServers, pollInterval, clock, fromEnd, null);
    }

    /**
     * As the other constructors; a file followed for the first time (no stored position) is read from
     * {@code startAt}, where its last complete line ended when the tail was started ({@code ingest tail --from-end},
     * {@code up}'s {@code tail.fromEnd}), or from its start when {@code startAt} is {@code null}: the lines written
     * while the tail waited for Kafka are sent.
     */
    public FileFollower(Path path, Path stateFile, LineParser parser, EventPublisher publisher, IngestCounters counters,
            String bootstrapServers, Duration pollInterval, Clock clock, FileEnd startAt) {
        this(path, stateFile, parser, publisher, counters, bootstrapServers, pollInterval, clock, startAt != null,
                startAt);
    }

    private FileFollower(Path path, Path stateFile, LineParser parser, EventPublisher publisher,
            IngestCounters counters, String bootstrapServers, Duration pollInterval, Clock clock, boolean fromEnd,
            FileEnd startAt) {
        this.fromEnd = fromEnd;
        this.startAt = startAt;
        this.path = path;
        this.stateFile = stateFile;
        this.parser = parser;
        this.publisher = publisher;
        this.counters = counters;
        this.bootstrapServers = bootstrapServers;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /**
     * Follows until {@link #stop()}; a failure (an unreadable state file, an I/O error) ends it and is
     * kept for {@link #failure()}: whoever runs the follower says it, in one line.
     */
    @Override
    public void run() {
        try {
            follow();
        } catch (UnreadableLines e) {
            failure = (Exception) e.getCause(); // the live file's own failure, as the file system says it
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            // Out of memory, a stack overflow: the follower has stopped all the same. Unkept, it printed a stack trace
            // and its owner, seeing no failure, ended as after a clean stop (exit 0: a unit not restarted).
            failure = new IllegalStateException(e.toString(), e);
        }
    }

    /** Why the follower stopped on its own, or {@code null} while it runs or after {@link #stop()}. */
    public Exception failure() {
        return failure;
    }

    public void stop() {
        stopped = true;
    }

    /** Rotations (rename or truncation) seen so far. */
    public long rotationsSeen() {
        return rotations.get();
    }

    /** The acknowledged byte offset in the current file. */
    public long position() {
        return position;
    }

    /**
     * Whether {@link #position()} is a position of this follower: false while it waits for the file to appear (a
     * position stored before, if any, is left as it was, and no other is stored).
     */
    public boolean positioned() {
        return positioned;
    }

    /** Whether the file was there, or has appeared: false while the follower waits for it. */
    public boolean appeared() {
        return appeared;
    }

    private void follow() throws IOException, InterruptedException {
        TailState state = TailState.read(stateFile);
        OpenFile current = openWhenPresent();
        if (current == null) {
            return;
        }
        try {
            Set<Long> alreadySent = state == null ? start(current) : resume(state, current);
            position = current.offset();
            positioned = true;
            followCurrent(current, alreadySent);
        } finally {
            current.close(); // closed twice when followCurrent closed it already: no harm
        }
    }

    /** A first run: from the start of the file, or from its end (as it was when the tail was started). */
    private Set<Long> start(OpenFile current) throws IOException, InterruptedException {
        boolean renamed = false;
        if (fromEnd && !appearedLate) { // a file that appeared after the start holds only new lines
            if (startAt == null) {
                current.seek(current.endOfLastLine());
            } else if (current.identity().equals(startAt.identity())) {
                // as a stored position: a copytruncate since is told by the bytes before it, and its copy read
                current.resume(startAt.offset(), startAt.before(), startAt.head());
            } else {
                renamed = !startAt.missing(); // else it appeared while the tail waited: all of it is new
            }
        }
        partitionOffsets.putAll(AlreadySent.endOffsets(bootstrapServers, publisher.topics(), Duration.ofSeconds(60)));
        if (renamed) {
            // Rotated while the tail waited for Kafka: the rest of the file it was, the younger rotated files, then
            // the live one from its start, as after a restart.
            RotatedFiles.Found found = RotatedFiles.holding(path, startAt.position(), current.identity());
            if (found == null) {
                LOGGER.atWarn().addKeyValue("file", path.toString()).log("the file was rotated while the tail waited "
                        + "for Kafka, and no rotated file beside it holds what it held; lines written to it after the "
                        + "tail started were not read");
            }
            readRotated(found, Set.of(), null);
            startLive(current);
            return Set.of();
        }
        // Stored before the first send, so a crash before the first acknowledgement still finds the window.
        commit(current);
        return Set.of();
    }

    /**
     * A restart from a stored position: what is left of the file of the position, in the live file or in what a
     * rotation made of it, and the rotated files younger than it; returns the lines of the live file already sent.
     */
    private Set<Long> resume(TailState state, OpenFile current) throws IOException, InterruptedException {
        partitionOffsets.putAll(state.partitionOffsets());
        // The same file: its identity, and its first bytes when nothing else tells (a file rotated away and deleted
        // can leave its identity to the new one: logrotate's compression frees it before 'create' makes the new one;
        // past the start the bytes before the position tell it, below).
        boolean sameIdentity = current.identity().text().equals(state.file());
        boolean same = sameIdentity && (state.bytesBefore().length > 0 || current.startsWith(state.firstBytes()));
        if (!sameIdentity && current.holdsTextUpTo(state.offset(), state.bytesBefore(), state.firstBytes())) {
            // Another identity, the same text (restored or copied, /var/log moved to another mount): go on in it.
            LOGGER.atInfo().addKeyValue("file", path.toString()).log("the file has another identity than the stored "
                    + "position's but holds what was read of it; going on at the stored position");
            same = true;
        }
        if (same && state.offset() == 0 && state.firstBytes().length == 0 && state.storedAt() != null
                && RotatedFiles.writtenAfter(path, state.storedAt())) {
            // Stored at the start of a file that was empty: nothing tells the file but its identity, which a new one
            // may have been given; rotated files written since hold lines of it (or of its copies), not read yet.
            same = false;
        }
        if (!same) {
            // Rotated while the tail was stopped: the rest of the file of the position (renamed, perhaps compressed),
            // then every younger rotated file, then the live one from its start.
            RotatedFiles.Found found = RotatedFiles.holding(path, new RotatedFiles.Position(
                    FileIdentity.parse(state.file()), state.offset(), state.bytesBefore(), state.firstBytes(),
                    state.storedAt()), current.identity());
            if (found == null) {
                LOGGER.atWarn().addKeyValue("file", state.file())
                        .log("the file of the stored position is gone (deleted, or moved out of the folder), and no "
                                + "rotated file beside the log holds what was read of it; lines written to it after "
                                + "the stored position were not read");
            }
            catchUp(state, found);
            startLive(current);
            return Set.of();
        }
        current.resume(state.offset(), state.bytesBefore(), state.firstBytes());
        OpenFile.Change change = current.change();
        if (!change.startsOver()) {
            Set<Long> sent = AlreadySent.find(bootstrapServers, publisher.topics(), state.partitionOffsets(),
                    new HashSet<>(List.of(state.file(), current.identity().text())), senders(state), state.offset(),
                    Duration.ofSeconds(60));
            if (change == OpenFile.Change.ZEROED) {
                zeroed(current, sent);
            }
            return sent;
        }
        // Truncated (copytruncate) while the tail was stopped, or its identity given to a new file: the rest of what
        // was read is in a rotated file, what the file holds now is new.
        LOGGER.atInfo().addKeyValue("file", path.toString()).log(change == OpenFile.Change.SHRUNK
                ? "the file is shorter than the stored position; reading the rest of its copy, if there is one, "
                        + "then the file from its start"
                : "the file holds other bytes before the stored position (copytruncate, or a new file); reading the "
                        + "rest of its copy, if there is one, then the file from its start");
        RotatedFiles.Found copy = RotatedFiles.holding(path, new RotatedFiles.Position(null, state.offset(),
                state.bytesBefore(), state.firstBytes(), state.storedAt()), current.identity());
        if (copy == null && state.offset() > 0) {
            // as while it runs (readRotated): a '> FILE' or a copy put out of the folder loses them, said at INFO alone
            LOGGER.atWarn().addKeyValue("file", path.toString()).log("the file was truncated while the tail was "
                    + "stopped and no rotated file beside it holds what was read of it; lines written after the "
                    + "stored position before the truncation, if any, were not read");
        }
        catchUp(state, copy);
        current.seek(0);
        rotations.incrementAndGet();
        startLive(current);
        return Set.of();
    }

    /**
     * After the rotated files, the live file from its start, stored as such at once: lines of it that reach Kafka
     * before a crash are then recognised, not sent again. Not when the tail was stopped meanwhile: the position
     * stays in the rotated files, where a restart goes on.
     */
    private void startLive(OpenFile current) throws IOException {
        if (!stopped) {
            commit(current);
        }
    }

    /**
     * The file was truncated under a writer that does not append ({@link OpenFile.Change#ZEROED}): what it wrote
     * after the position before the copy is in the copy, and the file holds NUL bytes up to where it goes on.
     */
    private void zeroed(OpenFile current, Set<Long> alreadySent) throws IOException, InterruptedException {
        long goOnAt = current.offset();
        RotatedFiles.Found copy = copyOf(current);
        if (copy != null) {
            try (copy) {
                finish(copy.holding(), alreadySent, false, true);
                goOnAt = Math.max(goOnAt, copy.holding().file().offset());
                // copied and truncated again since: each younger copy holds the hole, then what came after
                goOnAt = Math.max(goOnAt, finishAll(copy.younger(), true));
            }
            if (stopped) {
                return; // the position is in the copy: a restart reads its rest, then this file from its start
            }
        } else {
            LOGGER.atWarn().addKeyValue("file", path.toString()).log("the file was truncated under a writer that "
                    + "does not append, and no rotated file beside it holds what was read of it; lines written after "
                    + "the position before the truncation, if any, were not read");
        }
        current.skipZerosFrom(goOnAt);
        rotations.incrementAndGet();
        commit(current);
    }

    private void followCurrent(OpenFile first, Set<Long> alreadySent) throws IOException, InterruptedException {
        OpenFile current = first;
        try {
            while (!stopped) {
                OpenFile.Change change = current.change();
                if (change.startsOver()) {
                    // copytruncate: the same file, shorter, or written again past the position since it was read;
                    // what was written after the position before the truncation is in the copy
                    readRotated(copyOf(current), alreadySent, current);
                    if (stopped) {
                        break; // the position is in the copy: a restart reads its rest, then this file from its start
                    }
                    current.seek(0);
                    rotations.incrementAndGet();
                    alreadySent = Set.of();
                    commit(current);
                    continue;
                }
                if (change == OpenFile.Change.ZEROED) {
                    zeroed(current, alreadySent);
                    alreadySent = Set.of();
                    continue;
                }
                int lines = readBatch(current, path, alreadySent);
                if (lines > 0) {
                    continue;
                }
                FileIdentity now = FileIdentity.of(path);
                OpenFile next = now == null || now.equals(current.identity()) ? null : OpenFile.openIfPresent(path);
                if (next == null) {
                    moveRecoveryStart(current);
                    Thread.sleep(pollInterval.toMillis());
                    continue;
                }
                if (sameText(current, next)) {
                    current.close();
                    current = next;
                    commit(current);
                    continue;
                }
                // Renamed: the lines its writer still puts there, then, when it was rotated more than once since the
                // last look, the files between it and the new one (opened first: it may be rotated meanwhile).
                try {
                    if (!drainWhenQuiet(current, path, alreadySent, 0)) {
                        next.close();
                        break; // stopped meanwhile: its position is stored, a restart goes on from there
                    }
                    try (RotatedFiles.Found renamed = RotatedFiles.holding(path, new RotatedFiles.Position(
                            current.identity(), current.offset(), current.before(), current.head(), lastStored),
                            next.identity())) {
                        if (renamed != null) {
                            finishAll(renamed.younger(), false);
                        }
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    next.close();
                    throw e;
                }
                if (stopped) {
                    next.close();
                    break; // the position is in a rotated file: a restart goes on there
                }
                current.close();
                current = next;
                rotations.incrementAndGet();
                alreadySent = Set.of();
                commit(current);
            }
        } finally {
            current.close();
        }
    }

    /**
     * Whether the file now at the path, of another identity, is the one read (a copy of it: {@code cp} and
     * {@code mv} over it, a link pointed at a copy, a {@code sed -i} that kept the text up to the position), not a
     * rotation: it holds the bytes read before the position there and the same first bytes. If so it is moved to
     * the position, and reading goes on in it; a new file after a rotation is shorter, or starts otherwise.
     */
    private boolean sameText(OpenFile current, OpenFile next) throws IOException {
        try {
            if (!next.holdsTextUpTo(current.offset(), current.before(), current.head())) {
                return false;
            }
            next.resume(current.offset(), current.before(), current.head());
        } catch (IOException | RuntimeException e) {
            next.close();
            throw e;
        }
        LOGGER.atInfo().addKeyValue("file", path.toString()).log("the file was replaced by one that holds what was "
                + "read of it; going on in it at the same position");
        return true;
    }

    /** How long a rotated file must stay quiet before it is left: its writer may still be finishing its lines. */
    private static final Duration ROTATED_QUIET = Duration.ofSeconds(1);
    /** How long a rotated file is waited on at most: a writer that never reopens the path keeps it busy. */
    private static final Duration ROTATED_AT_MOST = Duration.ofSeconds(10);

    /**
     * Reads a rotated file until it has not grown for {@link #ROTATED_QUIET} ({@code quietFor} nanoseconds of that
     * already past: since it was last written), then its last line without a newline: the writer of a renamed
     * file is restarted after the rotation and may write a few more lines into it first. A compressed file is
     * read at once. False when the tail was stopped meanwhile.
     */
    private boolean drainWhenQuiet(OpenFile file, Path name, Set<Long> alreadySent, long quietFor)
            throws IOException, InterruptedException {
        if (!file.plain()) {
            drain(file, name, alreadySent);
            return !stopped;
        }
        long started = System.nanoTime();
        long quietSince = started - Math.min(quietFor, ROTATED_QUIET.toNanos());
        long size = file.size();
        while (!stopped) {
            while (!stopped && readBatch(file, name, alreadySent) > 0) {
                // what is there
            }
            long now = System.nanoTime();
            long grown = file.size();
            if (grown != size) {
                size = grown;
                quietSince = now;
            } else if (now - quietSince >= ROTATED_QUIET.toNanos() || now - started >= ROTATED_AT_MOST.toNanos()) {
                drain(file, name, alreadySent);
                return !stopped;
            } else {
                Thread.sleep(Math.min(pollInterval.toMillis(), 100));
            }
        }
        return false;
    }

    /** How long ago {@code file} was last written, in nanoseconds (long ago when that cannot be told). */
    private static long sinceWritten(Path file) {
        try {
            return Math.max(0, System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis()) * 1_000_000;
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Reads what was not read of the rotated files of a stored position ({@code found}, or nothing when none holds
     * it): the rest of the file of the position, then the younger ones whole. Lines of the position's text that
     * reached Kafka after the stored position (under the identity of the file or of its copy) are not sent again.
     */
    private void catchUp(TailState state, RotatedFiles.Found found) throws IOException, InterruptedException {
        if (found == null) {
            return;
        }
        try (found) {
            rotations.incrementAndGet();
            Set<String> files = new HashSet<>(List.of(state.file(), found.holding().file().identity().text()));
            Set<Long> alreadySent = AlreadySent.find(bootstrapServers, publisher.topics(), state.partitionOffsets(),
                    files, senders(state), state.offset(), Duration.ofSeconds(60));
            readRotated(found, alreadySent, null);
        }
    }

    /**
     * Reads the rest of the file of a position and the younger ones, or, when none was found ({@code found} null)
     * for a truncated {@code live} file, says what may be lost. For a truncated {@code live} file they are copies
     * of it, whole: read at once.
     */
    private void readRotated(RotatedFiles.Found found, Set<Long> alreadySent, OpenFile live)
            throws IOException, InterruptedException {
        if (found == null) {
            if (live != null && live.offset() > 0) {
                LOGGER.atWarn().addKeyValue("file", path.toString()).log("the file was truncated and no rotated "
                        + "file beside it holds what was read of it; lines written after the position before the "
                        + "truncation, if any, were not read");
            }
            return;
        }
        RotatedFiles.Position last;
        try (found) {
            // The file of the position is stored under its own identity only once a batch of it is: until then the
            // position's identity (of the file, or of the live file it is a copy of) finds what a crash left sent.
            finish(found.holding(), alreadySent, false, live != null);
            finishAll(found.younger(), live != null);
            last = endOf(found.younger().isEmpty() ? found.holding() : found.younger().get(found.younger().size() - 1));
        }
        if (live != null) {
            finishLaterCopies(last, live);
        }
    }

    /** How many times the copies are looked for again after the last one read: each look needs a new copytruncate. */
    private static final int COPY_LOOKS = 10;

    /**
     * Reads the copies of a truncated {@code live} file made while the ones found before were read: a copytruncate
     * while the tail was still reading the copy of the one before (a backlog of minutes, a rotation by size) copies
     * the lines written since into a new {@code .1}, and truncates the live file again; read from its start, the live
     * file no longer holds them. Before, they were lost without a word. {@code last} is the end of the last copy read.
     */
    private void finishLaterCopies(RotatedFiles.Position last, OpenFile live) throws IOException, InterruptedException {
        for (int look = 0; look < COPY_LOOKS && !stopped && last != null; look++) {
            try (RotatedFiles.Found again = RotatedFiles.holding(path, last, live.identity())) {
                if (again == null || again.younger().isEmpty()) {
                    return;
                }
                LOGGER.atInfo().addKeyValue("file", path.toString()).log("the file was copied and truncated again while "
                        + "its copy was read; reading the newer copies");
                finishAll(again.younger(), true);
                last = endOf(again.younger().get(again.younger().size() - 1));
            }
        }
    }

    /** Where a rotated file read to its end ends, as a position that finds it again (renamed or compressed since). */
    private static RotatedFiles.Position endOf(RotatedFiles.Rotated rotated) throws IOException {
        OpenFile file = rotated.file();
        return new RotatedFiles.Position(file.identity(), file.offset(), file.before(), file.head(), null);
    }

    /** The copy of the live file that a copytruncate made of it, with the younger copies, or null. */
    private RotatedFiles.Found copyOf(OpenFile current) throws IOException {
        return RotatedFiles.holding(path, new RotatedFiles.Position(null, current.offset(), current.before(),
                current.head(), null), current.identity());
    }

    /**
     * Reads rotated files never read before whole, oldest first, until the tail is stopped; returns the end of the
     * last one read (0 when none was).
     */
    private long finishAll(List<RotatedFiles.Rotated> younger, boolean copies) throws IOException, InterruptedException {
        long end = 0;
        for (RotatedFiles.Rotated file : younger) {
            if (stopped) {
                break;
            }
            finish(file, Set.of(), true, copies);
            end = file.file().offset();
            rotations.incrementAndGet();
        }
        return end;
    }

    /**
     * Reads a rotated file from its position to its end, the position stored under its identity meanwhile. A file
     * that cannot be read to its end (a damaged .gz) is said in a warning, and the others are read on. A
     * {@code copy} (of a file that was truncated since) is read at once, a renamed file until it is quiet.
     */
    private void finish(RotatedFiles.Rotated rotated, Set<Long> alreadySent, boolean storeFirst, boolean copy)
            throws IOException, InterruptedException {
        OpenFile file = rotated.file();
        LOGGER.atInfo().addKeyValue("file", rotated.path().toString()).addKeyValue("from", file.offset())
                .log("reading the rest of a rotated file");
        if (storeFirst) {
            commit(file); // a file read from its start: lines of it sent before a crash are found under its identity
        }
        try {
            // a renamed file's writer may not have been restarted yet (a restart of the tail during logrotate): until
            // it is quiet; a copy is whole once the file it was made of has been truncated
            drainWhenQuiet(file, rotated.path(), alreadySent, copy ? Long.MAX_VALUE : sinceWritten(rotated.path()));
        } catch (UnreadableLines e) {
            LOGGER.atWarn().addKeyValue("file", rotated.path().toString()).addKeyValue("at", file.offset())
                    .log("cannot read the rest of the rotated file: {}", e.getCause().getMessage());
        }
    }

    /** Reads a file to its end, including a last line without its newline. */
    private void drain(OpenFile file, Path name, Set<Long> alreadySent) throws IOException {
        while (!stopped && readBatch(file, name, alreadySent) > 0) {
            // read the old file to its end
        }
        if (stopped) {
            return; // its position is stored: a restart goes on there
        }
        file.takePartialLine();
        while (!stopped && readBatch(file, name, alreadySent) > 0) {
            // and what its writer added meanwhile
        }
    }

    /** A file whose lines cannot be read on (what is written to the state file is another failure). */
    private static final class UnreadableLines extends IOException {
        UnreadableLines(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Reads, sends and commits up to one batch of complete lines; returns how many lines were read. The lines'
     * origin is {@code name} (the followed path, or the rotated file they are read from) and their offset in it.
     */
    private int readBatch(OpenFile file, Path name, Set<Long> alreadySent) throws IOException {
        List<OpenFile.Line> lines;
        try {
            lines = file.readLines(BATCH_LINES);
        } catch (IOException e) {
            throw new UnreadableLines(e);
        }
        if (lines.isEmpty()) {
            return 0;
        }
        String identity = file.identity().text();
        byte[] identityBytes = identity.getBytes(StandardCharsets.UTF_8);
        byte[] hostBytes = parser.host() == null ? null : parser.host().getBytes(StandardCharsets.UTF_8);
        // The file's absolute name: a dead letter's file:offset is read elsewhere, later (droptrace unparsed), not in
        // the directory the tail was started in with ./pve-firewall.log
        String source = name.toAbsolutePath().normalize().toString();
        for (OpenFile.Line line : lines) {
            if (alreadySent.contains(line.offset())) {
                continue;
            }
            Origin origin = Origin.of(source, line.offset());
            Instant received = clock.instant();
            ParseResult result = parser.parse(line.text(), origin, received);
            counters.count(result);
            List<Header> headers = new ArrayList<>(3);
            headers.add(new RecordHeader(AlreadySent.FILE_HEADER, identityBytes));
            headers.add(new RecordHeader(AlreadySent.OFFSET_HEADER,
                    Long.toString(line.offset()).getBytes(StandardCharsets.UTF_8)));
            if (hostBytes != null) {
                headers.add(new RecordHeader(AlreadySent.HOST_HEADER, hostBytes));
            }
            publisher.publish(result, line.text(), line.bytes(), origin, received, headers, (metadata, error) -> {
                if (error == null) {
                    partitionOffsets.merge(metadata.topic() + "-" + metadata.partition(), metadata.offset() + 1,
                            Math::max);
                }
            });
        }
        publisher.flush();
        commit(file);
        return lines.size();
    }

    /**
     * The nodes whose records after the stored position this tail sent: the one it names now, and the one it named
     * when it stored the position (a {@code --host} changed between a kill -9 and the restart: matched on the new
     * name alone, the batch sent after the position was sent again); every node's when it names none.
     */
    private Set<String> senders(TailState state) {
        if (parser.host() == null) {
            return null;
        }
        return state.host() == null ? Set.of(parser.host()) : new HashSet<>(List.of(parser.host(), state.host()));
    }

    /**
     * At most once a {@link #RECOVERY_START_EVERY}, while the tail has read everything and Kafka acknowledged it:
     * stores the partitions' ends as the offsets from which a restart looks for this tail's records. Before, a
     * partition kept the offset after this tail's last record in it (for one it never wrote to, its end when the tail
     * first started), so a restart read every record any writer of the namespace (the listener, the tails of other
     * nodes) had put there since: a million records took a minute, and past the 60 s it is given the tail failed at
     * every start. No record of this tail can be below those ends: all it sent is acknowledged. A Kafka that does not
     * answer within 5 s leaves the offsets as they were, which are right too.
     */
    private void moveRecoveryStart(OpenFile current) throws IOException {
        long now = clock.millis();
        if (recoveryStartMoved != null && now - recoveryStartMoved < RECOVERY_START_EVERY.toMillis()) {
            return;
        }
        recoveryStartMoved = now;
        Map<String, Long> ends;
        try {
            ends = AlreadySent.endOffsets(bootstrapServers, publisher.topics(), Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOGGER.atDebug().addKeyValue("error", e.getMessage()).log("the partitions' ends were not read; the stored "
                    + "offsets stay");
            return;
        }
        if (ends.entrySet().stream().anyMatch(e -> e.getValue() > partitionOffsets.getOrDefault(e.getKey(), 0L))) {
            ends.forEach((partition, end) -> partitionOffsets.merge(partition, end, Math::max));
            commit(current);
        }
    }

    private void commit(OpenFile file) throws IOException {
        long now = clock.millis();
        TailState.of(path.toAbsolutePath().normalize().toString(), file.identity().text(), file.offset(), Map.copyOf(partitionOffsets),
                file.before(), file.head(), now, parser.host()).write(stateFile);
        lastStored = now;
        position = file.offset();
        positioned = true;
    }

    private OpenFile openWhenPresent() throws IOException, InterruptedException {
        boolean said = false;
        while (!stopped) {
            OpenFile file = OpenFile.openIfPresent(path);
            if (file != null) {
                appeared = true;
                if (said) {
                    LOGGER.atInfo().addKeyValue("file", path.toString()).log("the file appeared");
                }
                return file;
            }
            if (!said) {
                // INFO: ingest tail and up say it in their own words when they start; -v shows this
                LOGGER.atInfo().addKeyValue("file", path.toString()).log("waiting for the file to appear");
                said = true;
                appearedLate = true;
            }
            Thread.sleep(pollInterval.toMillis());
        }
        return null;
    }
}
