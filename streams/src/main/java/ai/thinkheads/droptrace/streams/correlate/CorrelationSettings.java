package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.streams.verdict.VerdictSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * What the correlation topology is built from: the namespace it reads and writes, how late an
 * event may be and still count in its buckets, how long buckets are kept, how much recent history
 * a pair keeps, and when alerts are raised.
 *
 * @param grace how long after a bucket ends (in stream time: the largest event time seen) an event
 *     of that bucket still counts; later events are counted as {@code late} and left out of buckets
 * @param minuteRetention how long one-minute buckets are kept (must cover the baseline window)
 * @param hourRetention how long one-hour buckets are kept
 * @param recentEvents how many latest events a pair keeps
 * @param recentAlerts how many latest alerts a pair keeps
 * @param verdicts when failed probes are decided
 */
public record CorrelationSettings(Namespace namespace, Duration grace, Duration minuteRetention,
        Duration hourRetention, int recentEvents, int recentAlerts, AlertPolicy alerts, VerdictSettings verdicts) {

    public static final Duration MINUTE = Duration.ofMinutes(1);
    public static final Duration HOUR = Duration.ofHours(1);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);
    public static final Duration DEFAULT_MINUTE_RETENTION = Duration.ofHours(6);
    public static final Duration DEFAULT_HOUR_RETENTION = Duration.ofDays(7);

    public CorrelationSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(minuteRetention, "minuteRetention");
        Objects.requireNonNull(hourRetention, "hourRetention");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(verdicts, "verdicts");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        Duration baselineSpan = MINUTE.multipliedBy(alerts.baselineMinutes() + 1L).plus(grace);
        if (minuteRetention.compareTo(baselineSpan) < 0) {
            throw new IllegalArgumentException("minute buckets must be kept at least " + baselineSpan.toMinutes()
                    + " min (the baseline window, the current minute and the grace), was " + minuteRetention);
        }
        if (hourRetention.compareTo(HOUR.plus(grace)) < 0) {
            throw new IllegalArgumentException("hour buckets must be kept at least one hour plus the grace");
        }
        if (recentEvents < 1 || recentEvents > 100 || recentAlerts < 1 || recentAlerts > 100) {
            throw new IllegalArgumentException("recent events and alerts kept per pair must be 1-100");
        }
    }

    public static CorrelationSettings defaults(Namespace namespace) {
        return new CorrelationSettings(namespace, DEFAULT_GRACE, DEFAULT_MINUTE_RETENTION, DEFAULT_HOUR_RETENTION,
                5, 10, AlertPolicy.defaults(), VerdictSettings.defaults());
    }

    /**
     * This with {@code value} as the grace; one longer than the buckets are kept for it is an error that says the
     * longest allowed ({@code must be at most 299 min ...}), for the caller to put its option's name before.
     */
    public CorrelationSettings withGrace(Duration value) {
        Duration longest = minuteRetention.minus(MINUTE.multipliedBy(alerts.baselineMinutes() + 1L));
        if (hourRetention.minus(HOUR).compareTo(longest) < 0) {
            longest = hourRetention.minus(HOUR);
        }
        if (value.compareTo(longest) > 0) {
            throw new IllegalArgumentException("must be at most " + longest.toMinutes() + " min (minute buckets are kept "
                    + minuteRetention.toMinutes() + " min, and the alerts' baseline takes "
                    + (alerts.baselineMinutes() + 1) + " of them), was " + value.toMinutes() + " min");
        }
        return new CorrelationSettings(namespace, value, minuteRetention, hourRetention, recentEvents, recentAlerts,
                alerts, verdicts);
    }

    public CorrelationSettings withAlerts(AlertPolicy value) {
        return new CorrelationSettings(namespace, grace, minuteRetention, hourRetention, recentEvents, recentAlerts,
                value, verdicts);
    }

    public CorrelationSettings withRetention(Duration minutes, Duration hours) {
        return new CorrelationSettings(namespace, grace, minutes, hours, recentEvents, recentAlerts, alerts, verdicts);
    }

    public CorrelationSettings withVerdicts(VerdictSettings value) {
        return new CorrelationSettings(namespace, grace, minuteRetention, hourRetention, recentEvents, recentAlerts,
                alerts, value);
    }
}
