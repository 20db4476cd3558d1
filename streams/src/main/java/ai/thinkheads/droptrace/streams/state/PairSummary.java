package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * All-time state of one (source, destination) pair: first and last seen (any action, and blocked
 * only), counts since the state began, how many events were received (numbering the slots of its
 * recent events, kept in a store of their own), how many came too late for their minute bucket,
 * and the memo of its baseline.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PairSummary(
        Instant firstSeen,
        Instant lastSeen,
        Instant firstBlocked,
        Instant lastBlocked,
        ActionCounts total,
        long received,
        long late,
        BaselineMemo baseline) {

    public static final PairSummary EMPTY = new PairSummary(null, null, null, null, ActionCounts.ZERO, 0, 0, null);

    public PairSummary {
        total = total == null ? ActionCounts.ZERO : total;
        if (received < 0 || late < 0) {
            throw new IllegalArgumentException("received and late must not be negative");
        }
    }

    /** True once the pair has had at least one drop or reject. */
    public boolean hasBlocked() {
        return firstBlocked != null;
    }

    /** Adds one event. */
    public PairSummary add(FirewallEvent event) {
        Instant t = event.time();
        boolean blocked = event.isBlock();
        return new PairSummary(min(firstSeen, t), max(lastSeen, t),
                blocked ? min(firstBlocked, t) : firstBlocked,
                blocked ? max(lastBlocked, t) : lastBlocked,
                total.plus(event.action()), received + 1, late, baseline);
    }

    public PairSummary withLateEvent() {
        return new PairSummary(firstSeen, lastSeen, firstBlocked, lastBlocked, total, received, late + 1, baseline);
    }

    public PairSummary withBaseline(BaselineMemo memo) {
        return new PairSummary(firstSeen, lastSeen, firstBlocked, lastBlocked, total, received, late, memo);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /**
     * The pair's baseline as computed once for the minute starting at {@code minute}: the mean
     * blocked count per minute over the {@code minutes} minutes before it.
     */
    public record BaselineMemo(Instant minute, double perMinute, int minutes) {
        public BaselineMemo {
            if (minute == null || perMinute < 0 || minutes < 1) {
                throw new IllegalArgumentException("baseline memo needs a minute, perMinute >= 0 and minutes >= 1");
            }
        }
    }
}
