package ai.thinkheads.droptrace.ingest.tail;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.LineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private volatile boolean stopped;
    private volatile long position;

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
        this.fromEnd = fromEnd;
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
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private void follow() throws IOException, InterruptedException {
        TailState state = TailState.read(stateFile);
        OpenFile current = openWhenPresent();
        if (current == null) {
            return;
        }
        Set<Long> alreadySent = Set.of();
        if (state == null) {
            if (fromEnd) {
                current.seek(current.endOfLastLine());
            }
            partitionOffsets.putAll(AlreadySent.endOffsets(bootstrapServers, publisher.topics(), Duration.ofSeconds(60)));
            // Stored before the first send, so a crash before the first acknowledgement still finds the window.
            commit(current);
        } else {
            partitionOffsets.putAll(state.partitionOffsets());
            // The same file: its identity, and its first bytes when they are known (a file rotated away and deleted
            // can leave its identity to the new one: logrotate's compression frees it before the new file is made).
            if (current.identity().text().equals(state.file()) && current.startsWith(state.firstBytes())) {
                current.resume(state.offset(), state.bytesBefore(), state.firstBytes());
                OpenFile.Change change = current.change();
                if (change.startsOver()) {
                    // Truncated (copytruncate) while the tail was stopped: the rest of what was read is in the copy,
                    // what the file holds now is new.
                    LOGGER.atInfo().addKeyValue("file", path.toString()).log(change == OpenFile.Change.SHRUNK
                            ? "the file was truncated since the stored position; reading the rest of its copy, if "
                                    + "there is one, then the file from its start"
                            : "the file was truncated and written again past the stored position (copytruncate) "
                                    + "since the tail stopped; reading the rest of its copy, if there is one, then the "
                                    + "file from its start");
                    catchUp(state, RotatedFiles.holding(path, null, state.offset(), state.bytesBefore(),
                            state.firstBytes()));
                    current.seek(0);
                    rotations.incrementAndGet();
                } else {
                    alreadySent = AlreadySent.find(bootstrapServers, publisher.topics(), state.partitionOffsets(),
                            Set.of(state.file()), state.offset(), Duration.ofSeconds(60));
                }
            } else {
                // Rotated while the tail was stopped: finish the file of the position (renamed, perhaps compressed),
                // then every younger rotated file, then the live one from its start.
                RotatedFiles.Found found = RotatedFiles.holding(path, FileIdentity.parse(state.file()), state.offset(),
                        state.bytesBefore(), state.firstBytes());
                if (found == null) {
                    LOGGER.atWarn().addKeyValue("file", state.file())
                            .log("the file of the stored position is gone (deleted, or moved out of the folder), and no "
                                    + "rotated file beside the log holds the bytes read before it; lines written to it "
                                    + "after the stored position were not read");
                } else {
                    rotations.incrementAndGet();
                }
                catchUp(state, found);
            }
        }
        position = current.offset();
        followCurrent(current, alreadySent);
    }

    private void followCurrent(OpenFile first, Set<Long> alreadySent) throws IOException, InterruptedException {
        OpenFile current = first;
        while (!stopped) {
            OpenFile.Change change = current.change();
            if (change.startsOver()) {
                // copytruncate: the same file, shorter, or written again past the position since it was read; what
                // was written after the position before the truncation is in the copy
                RotatedFiles.Found copy = RotatedFiles.holding(path, null, current.offset(), current.before(),
                        current.head());
                if (copy != null) {
                    finish(copy.file(), copy.path(), alreadySent);
                } else if (current.offset() > 0) {
                    LOGGER.atWarn().addKeyValue("file", path.toString()).log("the file was truncated and no rotated "
                            + "file beside it holds the bytes read before the position; lines written after the "
                            + "position before the truncation, if any, were not read");
                }
                current.seek(0);
                rotations.incrementAndGet();
                alreadySent = Set.of();
                commit(current);
                continue;
            }
            if (change == OpenFile.Change.ZEROED) {
                rotations.incrementAndGet(); // copytruncate under a writer that does not append: it goes on where it was
            }
            int lines = readBatch(current, path, alreadySent);
            if (lines > 0) {
                continue;
            }
            FileIdentity now = FileIdentity.of(path);
            if (now != null && !now.equals(current.identity())) {
                drain(current, path, alreadySent); // renamed: the lines written to it after the last look
                // Rotated more than once since the last look: the files between it and the new one, whole.
                RotatedFiles.Found renamed = RotatedFiles.holding(path, current.identity(), current.offset(),
                        current.before(), current.head());
                current.close();
                if (renamed != null) {
                    renamed.file().close();
                    finishAll(renamed.younger());
                }
                current = OpenFile.open(path);
                rotations.incrementAndGet();
                alreadySent = Set.of();
                commit(current);
                continue;
            }
            Thread.sleep(pollInterval.toMillis());
        }
        current.close();
    }

    /**
     * Reads what was not read of the rotated files of a stored position ({@code found}, or nothing when none holds
     * it): the rest of the file of the position, then the younger ones whole. Lines of the position's text that
     * reached Kafka after the stored position (under the identity of the file or of its copy) are not sent again.
     */
    private void catchUp(TailState state, RotatedFiles.Found found) throws IOException {
        if (found == null) {
            return;
        }
        Set<Long> alreadySent = AlreadySent.find(bootstrapServers, publisher.topics(), state.partitionOffsets(),
                Set.of(state.file(), found.file().identity().text()), state.offset(), Duration.ofSeconds(60));
        finish(found.file(), found.path(), alreadySent);
        finishAll(found.younger());
    }

    /** Reads rotated files that were never read, whole, in their order (oldest first). */
    private void finishAll(List<Path> files) throws IOException {
        for (Path younger : files) {
            OpenFile file = OpenFile.openRotated(younger, 0);
            if (file != null) {
                finish(file, younger, Set.of());
                rotations.incrementAndGet();
            }
        }
    }

    /** Reads a rotated file from its position to its end, the position stored under its identity meanwhile. */
    private void finish(OpenFile file, Path name, Set<Long> alreadySent) throws IOException {
        try (file) {
            LOGGER.atInfo().addKeyValue("file", name.toString()).addKeyValue("from", file.offset())
                    .log("reading the rest of a rotated file");
            commit(file);
            drain(file, name, alreadySent);
        }
    }

    /** Reads a rotated file to its end, including a last line without its newline. */
    private void drain(OpenFile file, Path name, Set<Long> alreadySent) throws IOException {
        while (readBatch(file, name, alreadySent) > 0) {
            // read the old file to its end
        }
        file.takePartialLine();
        readBatch(file, name, alreadySent);
    }

    /**
     * Reads, sends and commits up to one batch of complete lines; returns how many lines were read. The lines'
     * origin is {@code name} (the followed path, or the rotated file they are read from) and their offset in it.
     */
    private int readBatch(OpenFile file, Path name, Set<Long> alreadySent) throws IOException {
        List<OpenFile.Line> lines = file.readLines(BATCH_LINES);
        if (lines.isEmpty()) {
            return 0;
        }
        String identity = file.identity().text();
        byte[] identityBytes = identity.getBytes(StandardCharsets.UTF_8);
        for (OpenFile.Line line : lines) {
            if (alreadySent.contains(line.offset())) {
                continue;
            }
            Origin origin = Origin.of(name.toString(), line.offset());
            Instant received = clock.instant();
            ParseResult result = parser.parse(line.text(), origin, received);
            counters.count(result);
            List<Header> headers = List.of(new RecordHeader(AlreadySent.FILE_HEADER, identityBytes),
                    new RecordHeader(AlreadySent.OFFSET_HEADER,
                            Long.toString(line.offset()).getBytes(StandardCharsets.UTF_8)));
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

    private void commit(OpenFile file) throws IOException {
        TailState.of(path.toAbsolutePath().normalize().toString(), file.identity().text(), file.offset(), Map.copyOf(partitionOffsets),
                file.before(), file.head()).write(stateFile);
        position = file.offset();
    }

    private OpenFile openWhenPresent() throws IOException, InterruptedException {
        boolean said = false;
        while (!stopped) {
            OpenFile file = OpenFile.openIfPresent(path);
            if (file != null) {
                return file;
            }
            if (!said) {
                LOGGER.atWarn().addKeyValue("file", path.toString()).log("waiting for the file to appear");
                said = true;
            }
            Thread.sleep(pollInterval.toMillis());
        }
        return null;
    }
}
