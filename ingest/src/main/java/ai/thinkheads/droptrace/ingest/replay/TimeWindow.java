package ai.thinkheads.droptrace.ingest.replay;

import ai.thinkheads.droptrace.ingest.ParseResult;
import java.time.Instant;

/**
 * The stretch of history a replay sends ({@code --from}, {@code --until}): a line whose own time is before
 * {@code from} or at or after {@code until} is counted and left out. A line without a time of its own (a dead
 * letter, a conntrack line, a kernel line as {@code dmesg} or {@code journalctl -o cat} prints it, which is timed by
 * when it was read) cannot be placed and is sent as ever.
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

    /**
     * Whether the line of {@code result} is to be sent.
     *
     * @param received the time the line was read, given to the parser: an event at exactly that time was timed by
     *     it (the line had no time of its own)
     */
    public boolean contains(ParseResult result, Instant received) {
        if (from == null && until == null) {
            return true; // every line: nothing to look at (a replay's hot path)
        }
        Instant time = ownTime(result, received);
        return time == null || (from == null || !time.isBefore(from)) && (until == null || time.isBefore(until));
    }

    /**
     * The time a line carries of its own, by which a window places it; {@code null} for a line without one (a dead
     * letter, a conntrack line, an event timed by {@code received}, when it was read).
     */
    public static Instant ownTime(ParseResult result, Instant received) {
        Instant time = result instanceof ParseResult.Parsed p ? p.event().time()
                : result instanceof ParseResult.Status s ? s.time() : null;
        return time == null || time.equals(received) ? null : time;
    }
}
