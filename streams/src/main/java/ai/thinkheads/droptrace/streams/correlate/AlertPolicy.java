package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When the correlator raises an alert.
 *
 * <ul>
 *   <li>{@code MUST_WORK_BLOCKED}: a drop or reject whose flow (source, destination, protocol,
 *       destination port) is in {@code mustWork}.</li>
 *   <li>{@code FIRST_DROPS}: a drop or reject of a pair that had none before.</li>
 *   <li>{@code RATE_ABOVE_BASELINE}: in the minute bucket of a blocked event, the pair's blocked
 *       count {@code c} reaches {@code rateFloor} and {@code c >= rateFactor * b}, where the
 *       baseline {@code b} is the mean blocked count per minute over the {@code n} whole minutes
 *       before that bucket, {@code n = min(baselineMinutes, minutes since the bucket of the pair's
 *       first blocked event)}, counted from that event when the {@code n} minutes reach back to it; only pairs
 *       blocked in an earlier minute ({@code n >= 1}) qualify.</li>
 * </ul>
 *
 * An event raises at most one alert: the most severe kind whose condition holds and that is not
 * cooling down for the pair. A kind cools down for {@code cooldown} of event time after an alert
 * of that kind for the pair.
 *
 * @param mustWork flows that must work (lower-case protocol; port 0 for protocols without ports)
 */
public record AlertPolicy(Set<FlowKey> mustWork, Duration cooldown, int baselineMinutes, double rateFactor,
        long rateFloor) {

    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(10);
    public static final int DEFAULT_BASELINE_MINUTES = 60;
    public static final double DEFAULT_RATE_FACTOR = 5.0;
    public static final long DEFAULT_RATE_FLOOR = 20;

    public AlertPolicy {
        mustWork = Set.copyOf(Objects.requireNonNull(mustWork, "mustWork"));
        Objects.requireNonNull(cooldown, "cooldown");
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("alert cooldown must not be negative");
        }
        if (baselineMinutes < 1 || baselineMinutes > 24 * 60) {
            throw new IllegalArgumentException("baseline minutes must be 1-1440, was " + baselineMinutes);
        }
        if (!(rateFactor > 1.0) || Double.isInfinite(rateFactor)) {
            throw new IllegalArgumentException("rate factor must be a number above 1, was " + rateFactor);
        }
        if (rateFloor < 1) {
            throw new IllegalArgumentException("rate floor must be at least 1, was " + rateFloor);
        }
    }

    public static AlertPolicy defaults() {
        return new AlertPolicy(Set.of(), DEFAULT_COOLDOWN, DEFAULT_BASELINE_MINUTES, DEFAULT_RATE_FACTOR,
                DEFAULT_RATE_FLOOR);
    }

    public AlertPolicy withMustWork(Set<FlowKey> flows) {
        return new AlertPolicy(flows, cooldown, baselineMinutes, rateFactor, rateFloor);
    }

    public AlertPolicy withCooldown(Duration value) {
        return new AlertPolicy(mustWork, value, baselineMinutes, rateFactor, rateFloor);
    }

    public AlertPolicy withRate(int minutes, double factor, long floor) {
        return new AlertPolicy(mustWork, cooldown, minutes, factor, floor);
    }
}
