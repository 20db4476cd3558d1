package ai.thinkheads.droptrace.ingest;

import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.replay.TimeWindow;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one ingest run, safe to update from receiver threads and read from a progress
 * display: every line read becomes exactly one of parsed, status, dead-lettered, blank or outside a replay's window.
 */
public final class IngestCounters {

    private final LongAdder read = new LongAdder();
    private final LongAdder parsed = new LongAdder();
    private final LongAdder status = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder blank = new LongAdder();
    private final LongAdder outsideWindow = new LongAdder();
    private final LongAdder skippedByLogger = new LongAdder();

    public void count(ParseResult result) {
        read.increment();
        if (result instanceof ParseResult.Parsed) {
            parsed.increment();
        } else if (result instanceof ParseResult.Status s) {
            status.increment();
            skippedByLogger.add(s.skipped());
        } else if (result instanceof ParseResult.Blank) {
            blank.increment();
        } else {
            deadLettered.increment();
        }
    }

    /**
     * Counts a line read from history: as what it became when {@code window} holds it, else as outside the
     * window.
     *
     * @param received the time the line was read, as given to the parser ({@link TimeWindow#contains})
     * @return whether the line is to be sent (or printed)
     */
    public boolean count(ParseResult result, TimeWindow window, Instant received) {
        if (window.contains(result, received)) {
            count(result);
            return true;
        }
        read.increment();
        outsideWindow.increment();
        return false;
    }

    public long read() {
        return read.sum();
    }

    /** A consistent-enough snapshot with the publisher's sent/acknowledged counts. */
    public IngestCounts snapshot(EventPublisher publisher) {
        long p = parsed.sum();
        long s = status.sum();
        long d = deadLettered.sum();
        long b = blank.sum();
        long o = outsideWindow.sum();
        return new IngestCounts(p + s + d + b + o, p, s, d, b, o, skippedByLogger.sum(),
                publisher == null ? 0 : publisher.sent(), publisher == null ? 0 : publisher.acknowledged());
    }
}
