package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.LineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlock;
import java.time.Instant;
import java.util.List;

/**
 * Parses each message and publishes the result (event, status line or dead letter). The
 * producer blocks when its buffer is full, which stops the calling receiver thread: on TCP that
 * is backpressure to the sender.
 */
public final class PublishingSink implements LineSink {

    private final LineParser parser;
    private final EventPublisher publisher;
    private final IngestCounters counters;
    private final SenderCounts senders;

    public PublishingSink(LineParser parser, EventPublisher publisher, IngestCounters counters) {
        this(parser, publisher, counters, new SenderCounts());
    }

    /** As the other constructor, counting the lines of each sender in {@code senders}. */
    public PublishingSink(LineParser parser, EventPublisher publisher, IngestCounters counters, SenderCounts senders) {
        this.parser = parser;
        this.publisher = publisher;
        this.counters = counters;
        this.senders = senders;
    }

    @Override
    public void accept(String line, Origin origin, Instant received) {
        accept(line, null, origin, received);
    }

    @Override
    public void accept(String line, byte[] bytes, Origin origin, Instant received) {
        senders.add(origin.source(), 1);
        String text = stripTrailingNewline(line);
        ParseResult result = parser.parse(text, origin, received);
        counters.count(result);
        publisher.publish(result, text, bytes, origin, received, List.of(), null);
    }

    /** Parses and serialises on the calling (worker) thread; the returned step only sends, in order. */
    @Override
    public Runnable prepare(List<String> lines, List<byte[]> bytes, List<Origin> origins, Instant received) {
        List<EventPublisher.Prepared> records = new java.util.ArrayList<>(lines.size());
        for (int k = 0; k < lines.size(); k++) {
            senders.add(origins.get(k).source(), 1);
            String text = stripTrailingNewline(lines.get(k));
            ParseResult result = parser.parse(text, origins.get(k), received);
            counters.count(result);
            EventPublisher.Prepared record = publisher.prepare(result, text, null, bytes.get(k), origins.get(k), received);
            if (record != null) { // nothing for a blank line
                records.add(record);
            }
        }
        return () -> publisher.sendAll(records);
    }

    @Override
    public Runnable prepare(LineBlock frames, long firstPosition, String source, Instant received) {
        senders.add(source, frames.count());
        List<EventPublisher.Prepared> records = new java.util.ArrayList<>(frames.count());
        for (int k = 0; k < frames.count(); k++) {
            boolean plain = frames.plain(k);
            String text = plain ? frames.text(k, true) : stripTrailingNewline(frames.text(k, false));
            Origin origin = Origin.of(source, firstPosition + k);
            ParseResult result = parser.parse(text, origin, received);
            counters.count(result);
            EventPublisher.Prepared record = publisher.prepare(result, text, plain ? text : null,
                    frames.bytesIfFailed(k, plain, result), origin, received);
            if (record != null) { // nothing for a blank line
                records.add(record);
            }
        }
        return () -> publisher.sendAll(records);
    }

    @Override
    public void reject(String reason, String raw, Origin origin, Instant received) {
        reject(reason, raw, null, origin, received);
    }

    @Override
    public void reject(String reason, String raw, byte[] bytes, Origin origin, Instant received) {
        senders.add(origin.source(), 1); // a sender's framing error is one of its lines too
        boolean altered = bytes != null && raw.indexOf('\uFFFD') >= 0;
        ParseResult.Failed failed = new ParseResult.Failed(altered ? reason + FirewallLineParser.NOT_UTF8 : reason, raw);
        counters.count(failed);
        publisher.publish(failed, raw, bytes, origin, received, List.of(), null);
    }

    private static String stripTrailingNewline(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r' || line.charAt(end - 1) == 0)) {
            end--;
        }
        return end == line.length() ? line : line.substring(0, end);
    }
}
