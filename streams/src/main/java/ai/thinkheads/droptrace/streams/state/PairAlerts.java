package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The alert state of one pair: per alert kind, when the last alert was raised (event time) and how
 * many were held back since; and the latest alerts raised, newest first.
 */
public record PairAlerts(Map<AlertKind, Cooldown> cooldowns, List<Alert> recent) {

    public static final PairAlerts EMPTY = new PairAlerts(Map.of(), List.of());

    public PairAlerts {
        cooldowns = SortedMaps.copyOf(cooldowns);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    /**
     * True when an alert of {@code kind} at event time {@code time} falls within {@code cooldown}
     * of the last one raised: {@code time < last + cooldown}. Earlier (late) events count as inside.
     * An event dated ahead of stream time (logged by a node whose clock is ahead; see the time
     * extractor) is measured against the last alert raised for such an event, and an event of the
     * clock against the last alert raised for one of the clock: one line dated years ahead does
     * not hold back the pair's alerts until then, and a node whose clock is ahead still has its
     * alerts deduplicated among themselves. Measured as the span since the last one, which any cooldown can be
     * compared with: {@code last + cooldown} is past the last instant Java holds for a cooldown of a billion years
     * ({@code --cooldown 1000000000000d}, "one alert per pair and kind, ever"), which stopped the correlator at the
     * pair's second alert, and at every start after it.
     */
    public boolean coolingDown(AlertKind kind, Instant time, Duration cooldown, Instant streamTime) {
        Cooldown c = cooldowns.get(kind);
        Instant last = c == null ? null : time.isAfter(streamTime) ? c.lastAhead() : c.last();
        return last != null && Duration.between(last, time).compareTo(cooldown) < 0;
    }

    /** The number of alerts of {@code kind} held back since the last one raised. */
    public long suppressed(AlertKind kind) {
        Cooldown c = cooldowns.get(kind);
        return c == null ? 0 : c.suppressed();
    }

    public PairAlerts withSuppressed(AlertKind kind) {
        Map<AlertKind, Cooldown> next = new EnumMap<>(AlertKind.class);
        next.putAll(cooldowns);
        next.computeIfPresent(kind, (k, c) -> new Cooldown(c.last(), c.suppressed() + 1, c.lastAhead()));
        return new PairAlerts(next, recent);
    }

    /**
     * Records a raised alert: its cooldown starts at the alert's event time, kept apart when that
     * time is ahead of {@code streamTime} (see {@link #coolingDown}).
     */
    public PairAlerts withRaised(Alert alert, int keepRecent, Instant streamTime) {
        Map<AlertKind, Cooldown> next = new EnumMap<>(AlertKind.class);
        next.putAll(cooldowns);
        Cooldown before = cooldowns.get(alert.kind());
        Instant last = before == null ? null : before.last();
        Instant lastAhead = before == null ? null : before.lastAhead();
        if (alert.time().isAfter(streamTime)) {
            lastAhead = alert.time();
        } else {
            last = alert.time();
        }
        next.put(alert.kind(), new Cooldown(last, 0, lastAhead));
        List<Alert> list = new ArrayList<>(recent.size() + 1);
        list.add(alert);
        list.addAll(recent);
        return new PairAlerts(next, list.size() > keepRecent ? list.subList(0, keepRecent) : list);
    }

    /**
     * When the last alert of a kind was raised (event time), how many were held back since, and when
     * the last one for an event dated ahead of stream time was raised; either time may be absent,
     * not both.
     */
    public record Cooldown(Instant last, long suppressed, Instant lastAhead) {
        public Cooldown {
            if (last == null && lastAhead == null || suppressed < 0) {
                throw new IllegalArgumentException("cooldown needs a time and suppressed >= 0");
            }
        }
    }
}
