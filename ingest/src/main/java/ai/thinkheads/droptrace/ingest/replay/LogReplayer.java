package ai.thinkheads.droptrace.ingest.replay;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.ingest.LineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * Reads lines from a reader as fast as possible, parses each and publishes events and dead
 * letters; returns the counts once Kafka acknowledged everything.
 */
public final class LogReplayer {

    private final LineParser parser;
    private final EventPublisher publisher;
    private final Clock clock;

    public LogReplayer(LineParser parser, EventPublisher publisher, Clock clock) {
        this.parser = parser;
        this.publisher = publisher;
        this.clock = clock;
    }

    public IngestCounts replay(BufferedReader reader, String sourceName) {
        long read = 0;
        long parsed = 0;
        long status = 0;
        long dead = 0;
        long skipped = 0;
        long sentBefore = publisher.sent();
        long ackedBefore = publisher.acknowledged();
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                read++;
                Origin origin = Origin.of(sourceName, read);
                ParseResult result = parser.parse(line, origin);
                if (result instanceof ParseResult.Parsed p) {
                    parsed++;
                    publisher.publish(p.event());
                } else if (result instanceof ParseResult.Status s) {
                    status++;
                    skipped += s.skipped();
                } else if (result instanceof ParseResult.Failed f) {
                    dead++;
                    publisher.deadLetter(UnparsedLine.of(clock.instant(), f.reason(), line, origin));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceName + " after line " + read, e);
        }
        publisher.flush();
        return new IngestCounts(read, parsed, status, dead, skipped,
                publisher.sent() - sentBefore, publisher.acknowledged() - ackedBefore);
    }
}
