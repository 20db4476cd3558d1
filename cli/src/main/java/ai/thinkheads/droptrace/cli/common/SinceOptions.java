package ai.thinkheads.droptrace.cli.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --since DURATION} or {@code --from INSTANT}: where a command that reads a topic starts, by event time. */
public final class SinceOptions {

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only records of the last DURATION, by their event time (90s, 15m, 1h, 2d).")
    Duration since;

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Only records from this event time on (ISO-8601), for replayed history.")
    Instant from;

    /** The first event time to read, or {@code null} for the whole topic; a usage error when both are given. */
    public Instant start(Clock clock) {
        if (since != null && from != null) {
            throw new UserException(ExitCodes.USAGE, "give --since or --from, not both");
        }
        return from != null ? from : since != null ? clock.instant().minus(since) : null;
    }
}
