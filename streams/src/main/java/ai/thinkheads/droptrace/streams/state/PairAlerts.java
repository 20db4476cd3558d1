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
     */
    public boolean coolingDown(AlertKind kind, Instant time, Duration cooldown) {
        Cooldown c = cooldowns.get(kind);
        return c != null && time.isBefore(c.last().plus(cooldown));
    }

    /** The number of alerts of {@code kind} held back since the last one raised. */
    public long suppressed(AlertKind kind) {
        Cooldown c = cooldowns.get(kind);
        return c == null ? 0 : c.suppressed();
    }

    public PairAlerts withSuppressed(AlertKind kind) {
        Map<AlertKind, Cooldown> next = new EnumMap<>(AlertKind.class);
        next.putAll(cooldowns);
        next.computeIfPresent(kind, (k, c) -> new Cooldown(c.last(), c.suppressed() + 1));
        return new PairAlerts(next, recent);
    }

    /** Records a raised alert: its cooldown starts at the alert's event time. */
    public PairAlerts withRaised(Alert alert, int keepRecent) {
        Map<AlertKind, Cooldown> next = new EnumMap<>(AlertKind.class);
        next.putAll(cooldowns);
        next.put(alert.kind(), new Cooldown(alert.time(), 0));
        List<Alert> list = new ArrayList<>(recent.size() + 1);
        list.add(alert);
        list.addAll(recent);
        return new PairAlerts(next, list.size() > keepRecent ? list.subList(0, keepRecent) : list);
    }

    /** When the last alert of a kind was raised (event time), and how many were held back since. */
    public record Cooldown(Instant last, long suppressed) {
        public Cooldown {
            if (last == null || suppressed < 0) {
                throw new IllegalArgumentException("cooldown needs a time and suppressed >= 0");
            }
        }
    }
}
