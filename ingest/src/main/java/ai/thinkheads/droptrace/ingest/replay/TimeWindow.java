package ai.thinkheads.droptrace.ingest.replay;

import ai.thinkheads.droptrace.ingest.ParseResult;
import java.time.Instant;

/**
 * The stretch of history a replay sends ({@code --from}, {@code --until}): a line whose own time is before
 * {@code from} or at or after {@code until} is counted and left out. A line without a time of its own (a dead
 * letter, a conntrack line) cannot be placed and is sent as ever.
 *
 * @param from the first time sent, {@code null} for no start
 * @param until the first time no longer sent, {@code null} for no end
 */
public record TimeWindow(Instant from, Instant until) {

    /** Every line. */
    public static final TimeWindow ALL = new TimeWindow(null, null);

    public TimeWindow {
        if (from != null && until != null && !from.isBefore(until)) {
            throw new IllegalArgumentException("the window is empty: " + from + " is not before " + until);
        }
    }

    /** Whether the line of {@code result} is to be sent. */
    public boolean contains(ParseResult result) {
        if (from == null && until == null) {
            return true; // every line: nothing to look at (a replay's hot path)
        }
        Instant time = result instanceof ParseResult.Parsed p ? p.event().time()
                : result instanceof ParseResult.Status s ? s.time() : null;
        return time == null || (from == null || !time.isBefore(from)) && (until == null || time.isBefore(until));
    }
}
