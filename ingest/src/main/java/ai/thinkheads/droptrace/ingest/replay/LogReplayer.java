package ai.thinkheads.droptrace.ingest.replay;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.LineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlock;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlockReader;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlockSource;
import ai.thinkheads.droptrace.ingest.pipeline.OrderedBatches;
import ai.thinkheads.droptrace.ingest.pipeline.ReadFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads lines from a reader, parses each and publishes events, status lines and dead letters;
 * as fast as possible, or paced to a multiple of the log's own speed. Returns the counts once
 * Kafka acknowledged everything.
 */
public final class LogReplayer {

    /**
     * Told the lines read so far: after every block of lines as fast as possible (of a pipe fed live, a block may be
     * one line, minutes after the one before), after every line of a paced replay (whose lines may be seconds or a
     * minute apart), and at the end of each source; the display decides how often it redraws.
     */
    @FunctionalInterface
    public interface Progress {
        void update(long lines);
    }

    private static final int BATCH = 2_048;
    /**
     * Blocks of 128 KiB, two per worker in flight: enough to keep the workers busy, and little
     * enough that the young collections of a small heap do not copy much work in progress (with
     * 256 KiB and four per worker, the pauses of a 2M-line replay took about twice as long).
     */
    private static final int BLOCK_BYTES = 128 * 1024;
    private static final int IN_FLIGHT_PER_WORKER = 2;

    private final LineParser parser;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Pacing pacing;
    private final IngestCounters counters;
    private final Progress progress;
    private BooleanSupplier stop = () -> false;
    private TimeWindow window = TimeWindow.ALL;
    private final RefusedFrom refused = new RefusedFrom();

    public LogReplayer(LineParser parser, EventPublisher publisher, Clock clock) {
        this(parser, publisher, clock, Pacing.asFastAsPossible(), new IngestCounters(), lines -> { });
    }

    public LogReplayer(LineParser parser, EventPublisher publisher, Clock clock, Pacing pacing,
            IngestCounters counters, Progress progress) {
        this.parser = parser;
        this.publisher = publisher;
        this.clock = clock;
        this.pacing = pacing;
        this.counters = counters;
        this.progress = progress;
    }

    /**
     * Ends every replay early, as a normal end, when {@code stop} says so (SIGTERM, Ctrl-C): what was
     * read before is sent, and {@link #finish()} waits for Kafka to acknowledge it.
     */
    public LogReplayer stopWhen(BooleanSupplier stop) {
        this.stop = stop;
        pacing.stopWhen(stop);
        return this;
    }

    /** Sends only the lines of {@code window} (by their own time); the others are counted as outside it. */
    public LogReplayer within(TimeWindow window) {
        this.window = window;
        return this;
    }

    /** Where the replay can go on from when Kafka refused records: the first line it may not hold, and its time. */
    public java.util.Optional<RefusedFrom.Place> refusedFrom() {
        return refused.place();
    }

    /** Whether a stop was asked for. */
    public boolean stopped() {
        return stop.getAsBoolean();
    }

    /** Replays one source and waits for Kafka to acknowledge it; returns the counts of all sources so far. */
    public IngestCounts replay(BufferedReader reader, String sourceName) {
        replayWithoutFlush(reader, sourceName, parser);
        publisher.flush();
        return counters.snapshot(publisher);
    }

    /** Replays one source with its own parser (for example one whose RFC 3164 year comes from that file). */
    public void replayWithoutFlush(BufferedReader reader, String sourceName, LineParser fileParser) {
        replay(LineBlockSource.ofReader(reader, BATCH), sourceName, fileParser);
    }

    /**
     * Replays one source read as bytes ({@link LineSource#openBytes}): lines are cut on this thread
     * and decoded on the workers.
     */
    public void replayWithoutFlush(InputStream in, String sourceName, LineParser fileParser) {
        replay(new LineBlockReader(in, BLOCK_BYTES, BATCH), sourceName, fileParser);
    }

    private void replay(LineBlockSource blocks, String sourceName, LineParser fileParser) {
        LineBlockSource untilStopped = () -> {
            if (stop.getAsBoolean()) {
                return null;
            }
            try {
                return blocks.next();
            } catch (IOException | RuntimeException e) {
                if (stop.getAsBoolean()) {
                    return null; // the stop closed an input that was waiting for its next line (a quiet pipe)
                }
                throw e;
            }
        };
        if (pacing.paced()) {
            replaySequentially(untilStopped, sourceName, fileParser);
        } else {
            replayInParallel(untilStopped, sourceName, fileParser);
        }
    }

    /**
     * As fast as possible: worker threads decode, parse and serialise blocks of lines, this thread
     * reads and sends them in file order (so per-flow order in Kafka is the file's order).
     */
    private void replayInParallel(LineBlockSource blocks, String sourceName, LineParser fileParser) {
        long before = counters.read(); // the sources before this one, all of them counted: each is drained at its end
        try (OrderedBatches<PreparedBlock> batches = new OrderedBatches<>(
                OrderedBatches.workerThreads(), IN_FLIGHT_PER_WORKER * OrderedBatches.workerThreads(), "replay-parse",
                block -> publisher.sendAllUntilRefused(block.records(),
                        refused.watch(sourceName, block.firstLine(), block.earliest())))) {
            // every block told, as read (its lines are counted once a worker parsed them): a pipe fed live
            // (journalctl -kf | droptrace replay -) showed nothing before 50,000 lines, hours of a quiet host's log
            batches.runAll(blocks, sourceName, block -> () -> prepare(block, sourceName, fileParser),
                    lines -> progress.update(before + lines));
        }
        progress.update(counters.read());
    }

    /**
     * A block's records ready to send, its first line's number and the earliest time of their own its lines carry
     * ({@code null} for none): where to go on from if Kafka refuses one of them.
     */
    private record PreparedBlock(List<EventPublisher.Prepared> records, long firstLine, Instant earliest) {
    }

    /** On a worker: every line of a block decoded, parsed, counted and serialised. */
    private PreparedBlock prepare(LineBlock block, String sourceName, LineParser fileParser) {
        List<EventPublisher.Prepared> records = new ArrayList<>(block.count());
        Instant received = clock.instant();
        Instant earliest = null;
        for (int k = 0; k < block.count(); k++) {
            boolean plain = block.plain(k);
            String line = block.text(k, plain);
            Origin origin = Origin.of(sourceName, block.lineNumber(k));
            ParseResult result = fileParser.parse(line, origin, received);
            if (!counters.count(result, window, received)) {
                continue; // outside --from/--until
            }
            EventPublisher.Prepared record = publisher.prepare(result, line, plain ? line : null,
                    block.bytesIfFailed(k, plain, result), origin, received);
            if (record != null) { // nothing for a blank line
                records.add(record);
                earliest = RefusedFrom.earlier(earliest, TimeWindow.ownTime(result, received));
            }
        }
        return new PreparedBlock(records, block.count() == 0 ? 0 : block.lineNumber(0), earliest);
    }

    /** Paced: one line after the other on this thread, each sent when its time has come. */
    private void replaySequentially(LineBlockSource blocks, String sourceName, LineParser fileParser) {
        long number = 0;
        try {
            for (LineBlock block = blocks.next(); block != null; block = blocks.next()) {
                for (int k = 0; k < block.count() && !stop.getAsBoolean(); k++) {
                    boolean plain = block.plain(k);
                    String line = block.text(k, plain);
                    number = block.lineNumber(k);
                    Origin origin = Origin.of(sourceName, number);
                    Instant received = clock.instant();
                    ParseResult result = fileParser.parse(line, origin, received);
                    if (!counters.count(result, window, received)) {
                        continue; // outside --from/--until
                    }
                    // An event timed by its reading (a kernel line without a time of its own, as TimeWindow tells
                    // it) has no place in the log's pace: paced by now, it was a jump of months, cut to --max-wait.
                    if (result instanceof ParseResult.Parsed p && !p.event().time().equals(received)) {
                        pacing.await(p.event().time());
                    }
                    publisher.publish(result, line, block.bytesIfFailed(k, plain, result), origin, received, List.of(),
                            refused.watch(sourceName, number, TimeWindow.ownTime(result, received)));
                    // paced, a line may come a minute after the one before: every one is told (told every 50,000
                    // lines before, a paced replay showed its progress line only at its end)
                    progress.update(counters.read());
                }
            }
        } catch (IOException e) {
            throw new ReadFailure(sourceName, number, e);
        }
        progress.update(counters.read());
    }

    public IngestCounts finish() {
        publisher.flush();
        return counters.snapshot(publisher);
    }
}
