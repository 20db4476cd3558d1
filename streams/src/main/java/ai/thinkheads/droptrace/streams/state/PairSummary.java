package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything-time state of one (source, destination) pair: first and last seen (any action, and
 * blocked only), counts since the state began, how many events came too late for their minute
 * bucket, the latest events (newest event time first, bounded) and the memo of its baseline.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PairSummary(
        Instant firstSeen,
        Instant lastSeen,
        Instant firstBlocked,
        Instant lastBlocked,
        ActionCounts total,
        long late,
        List<EventDigest> recent,
        BaselineMemo baseline) {

    public static final PairSummary EMPTY = new PairSummary(null, null, null, null, ActionCounts.ZERO, 0, List.of(), null);

    public PairSummary {
        total = total == null ? ActionCounts.ZERO : total;
        recent = recent == null ? List.of() : List.copyOf(recent);
        if (late < 0) {
            throw new IllegalArgumentException("late must not be negative");
        }
    }

    /** True once the pair has had at least one drop or reject. */
    public boolean hasBlocked() {
        return firstBlocked != null;
    }

    /** Adds one event, keeping at most {@code keepRecent} recent events. */
    public PairSummary add(FirewallEvent event, int keepRecent) {
        Instant t = event.time();
        boolean blocked = event.isBlock();
        return new PairSummary(min(firstSeen, t), max(lastSeen, t),
                blocked ? min(firstBlocked, t) : firstBlocked,
                blocked ? max(lastBlocked, t) : lastBlocked,
                total.plus(event.action()), late, withRecent(EventDigest.of(event), keepRecent), baseline);
    }

    public PairSummary withLateEvent() {
        return new PairSummary(firstSeen, lastSeen, firstBlocked, lastBlocked, total, late + 1, recent, baseline);
    }

    public PairSummary withBaseline(BaselineMemo memo) {
        return new PairSummary(firstSeen, lastSeen, firstBlocked, lastBlocked, total, late, recent, memo);
    }

    private List<EventDigest> withRecent(EventDigest digest, int keep) {
        List<EventDigest> list = new ArrayList<>(recent.size() + 1);
        list.addAll(recent);
        int at = 0;
        // Newest event time first; an event as old as one already kept goes in front of it (it arrived later).
        while (at < list.size() && list.get(at).time().isAfter(digest.time())) {
            at++;
        }
        list.add(at, digest);
        return list.size() > keep ? list.subList(0, keep) : list;
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
