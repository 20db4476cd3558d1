package ai.thinkheads.droptrace.streams.verdict;

import java.time.Duration;
import java.util.Objects;

/**
 * When a failed probe is decided.
 *
 * <p>A drop or reject logged on the probe's flow (source, destination, protocol, destination port)
 * with an event time in {@code [t - window, t + window]} around the probe's time {@code t} is
 * evidence for it. A failure with such evidence is decided as soon as stream time (the largest
 * event time the task has seen) passes the window's end {@code t + window}, so every line of the
 * window counts. One without waits longer: it is decided when stream time passes
 * {@code t + window + grace}, as a Kafka Streams window closes, unless a line arrives before. In
 * both cases, whichever comes first, it is decided when {@code grace} of wall-clock time has passed
 * since its result arrived, so a quiet partition cannot hold a verdict back.
 *
 * @param window how far before and after the probe's time a log line counts as evidence
 * @param grace how long an unexplained failure waits for late log lines
 */
public record VerdictSettings(Duration window, Duration grace) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);
    static final Duration EVIDENCE_RETENTION = Duration.ofHours(6);

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

    /**
     * The settings as a user wrote them, checked one by one: an error is an {@link IllegalArgumentException} naming the
     * setting as it was spelled where it was written ({@code --verdict-window}, {@code correlator.verdictGrace}).
     */
    public static VerdictSettings of(Duration window, Duration grace, String windowName, String graceName) {
        check(windowName, window);
        check(graceName, grace);
        return new VerdictSettings(window, grace);
    }

    private static void check(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        if (value.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(name + " must be at most 60 min, was "
                    + (value.toSecondsPart() == 0 && value.toMillisPart() == 0 ? value.toMinutes() + " min"
                            : value.toMillis() / 1000.0 + " s"));
        }
    }

    public static VerdictSettings defaults() {
        return new VerdictSettings(DEFAULT_WINDOW, DEFAULT_GRACE);
    }

    /**
     * How long evidence is kept, in stream time: 6 hours (at least both sides of the window, the
     * grace and a minute), so a probe result that reaches the correlator long after the log lines
     * of its time (a replay of old logs followed by old probe results) still finds them.
     */
    public Duration evidenceRetention() {
        Duration least = window.multipliedBy(2).plus(grace).plus(Duration.ofMinutes(1));
        return least.compareTo(EVIDENCE_RETENTION) > 0 ? least : EVIDENCE_RETENTION;
    }
}
