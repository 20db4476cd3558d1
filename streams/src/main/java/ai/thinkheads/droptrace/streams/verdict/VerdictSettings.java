package ai.thinkheads.droptrace.streams.verdict;

import java.time.Duration;
import java.util.Objects;

/**
 * When a failed probe is decided.
 *
 * <p>A drop or reject logged on the probe's flow (source, destination, protocol, destination port)
 * with an event time in {@code [t - window, t + window]} around the probe's time {@code t} is
 * evidence for it. A failure with such evidence is decided at once. One without waits: it is
 * decided when stream time (the largest event time the task has seen) passes
 * {@code t + window + grace}, as a Kafka Streams window closes, or, whichever comes first, when
 * {@code grace} of wall-clock time has passed since its result arrived, so a quiet partition cannot
 * hold a verdict back.
 *
 * @param window how far before and after the probe's time a log line counts as evidence
 * @param grace how long an unexplained failure waits for late log lines
 */
public record VerdictSettings(Duration window, Duration grace) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);

    public VerdictSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(grace, "grace");
        if (window.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("the verdict window and grace must not be negative");
        }
        if (window.compareTo(Duration.ofHours(1)) > 0 || grace.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the verdict window and grace must be at most 1 h");
        }
    }

    public static VerdictSettings defaults() {
        return new VerdictSettings(DEFAULT_WINDOW, DEFAULT_GRACE);
    }

    /** How long evidence is kept: both sides of the window, the grace and a minute of slack. */
    public Duration evidenceRetention() {
        return window.multipliedBy(2).plus(grace).plus(Duration.ofMinutes(1));
    }
}
