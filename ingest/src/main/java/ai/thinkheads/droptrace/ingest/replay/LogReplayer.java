package ai.thinkheads.droptrace.ingest.replay;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.LineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.pipeline.OrderedBatches;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads lines from a reader, parses each and publishes events, status lines and dead letters;
 * as fast as possible, or paced to a multiple of the log's own speed. Returns the counts once
 * Kafka acknowledged everything.
 */
public final class LogReplayer {

    /** Called every {@link #PROGRESS_EVERY} lines and at the end of each source. */
    @FunctionalInterface
    public interface Progress {
        void update(long lines);
    }

    static final int PROGRESS_EVERY = 50_000;
    private static final int BATCH = 2_048;

    private final LineParser parser;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Pacing pacing;
    private final IngestCounters counters;
    private final Progress progress;

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

    /** Replays one source and waits for Kafka to acknowledge it; returns the counts of all sources so far. */
    public IngestCounts replay(BufferedReader reader, String sourceName) {
        replayWithoutFlush(reader, sourceName, parser);
        publisher.flush();
        return counters.snapshot(publisher);
    }

    /** Replays one source with its own parser (for example one whose RFC 3164 year comes from that file). */
    public void replayWithoutFlush(BufferedReader reader, String sourceName, LineParser fileParser) {
        if (pacing.paced()) {
            replaySequentially(reader, sourceName, fileParser);
        } else {
            replayInParallel(reader, sourceName, fileParser);
        }
    }

    /**
     * As fast as possible: worker threads parse and serialise batches of lines, this thread reads
     * and sends them in file order (so per-flow order in Kafka is the file's order).
     */
    private void replayInParallel(BufferedReader reader, String sourceName, LineParser fileParser) {
        long number = 0;
        try (OrderedBatches<List<EventPublisher.Prepared>> batches = new OrderedBatches<>(
                OrderedBatches.workerThreads(), 4 * OrderedBatches.workerThreads(), "replay-parse",
                records -> records.forEach(publisher::send))) {
            List<String> batch = new ArrayList<>(BATCH);
            String line;
            while ((line = reader.readLine()) != null) {
                batch.add(line);
                number++;
                if (batch.size() == BATCH) {
                    submit(batches, batch, number - batch.size(), sourceName, fileParser);
                    batch = new ArrayList<>(BATCH);
                }
                if (number % PROGRESS_EVERY == 0) {
                    progress.update(counters.read());
                }
            }
            submit(batches, batch, number - batch.size(), sourceName, fileParser);
            batches.drain();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceName + " after line " + number, e);
        }
        progress.update(counters.read());
    }

    private void submit(OrderedBatches<List<EventPublisher.Prepared>> batches, List<String> lines, long before,
            String sourceName, LineParser fileParser) {
        batches.submit(() -> {
            List<EventPublisher.Prepared> records = new ArrayList<>(lines.size());
            long number = before;
            for (String line : lines) {
                Origin origin = Origin.of(sourceName, ++number);
                Instant received = clock.instant();
                ParseResult result = fileParser.parse(line, origin, received);
                counters.count(result);
                records.add(publisher.prepare(result, line, origin, received));
            }
            return records;
        });
    }

    private void replaySequentially(BufferedReader reader, String sourceName, LineParser fileParser) {
        long number = 0;
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                Origin origin = Origin.of(sourceName, number);
                Instant received = clock.instant();
                ParseResult result = fileParser.parse(line, origin, received);
                counters.count(result);
                if (result instanceof ParseResult.Parsed p) {
                    pacing.await(p.event().time());
                }
                publisher.publish(result, line, origin, received, List.of(), null);
                if (number % PROGRESS_EVERY == 0) {
                    progress.update(counters.read());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceName + " after line " + number, e);
        }
        progress.update(counters.read());
    }

    public IngestCounts finish() {
        publisher.flush();
        return counters.snapshot(publisher);
    }
}
