package ai.thinkheads.droptrace.cli.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ListResourceBundle;
import picocli.CommandLine.Option;

/** {@code --since DURATION} or {@code --from INSTANT}: where a command that reads a topic starts, by event time. */
public final class SinceOptions {

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class, descriptionKey = "since",
            description = "Only records of the last DURATION, by their event time (90s, 15m, 1h, 2d).")
    Duration since;

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class, descriptionKey = "from",
            description = "Only records from this event time on (ISO-8601), for replayed history.")
    Instant from;

    /**
     * The first event time to read, or {@code null} for the whole topic; a usage error when both are given. A start
     * before 1970 ({@code --since 100000d}) is the whole topic too: no record is older, and Kafka refuses to look up
     * a negative time.
     */
    public Instant start(Clock clock) {
        if (since != null && from != null) {
            throw new UserException(ExitCodes.USAGE, "give --since or --from, not both");
        }
        Instant start = from;
        if (since != null) {
            Instant now = clock.instant();
            start = since.compareTo(Duration.between(Instant.EPOCH, now)) >= 0 ? Instant.EPOCH : now.minus(since);
        }
        return start == null || !start.isAfter(Instant.EPOCH) ? null : start;
    }

    /**
     * The help of the two options for {@code unparsed}, whose records (dead letters, most with no time of their own)
     * go by the time droptrace read their line: the command names this bundle in its
     * {@code @Command(resourceBundle = ...)}, and picocli takes these descriptions instead of the event-time ones.
     */
    public static final class ByReadTime extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[][] {
                {"since", "Only dead letters of the last DURATION, by the time droptrace read their line (90s, 15m, "
                        + "1h, 2d)."},
                {"from", "Only dead letters droptrace read from this time on (ISO-8601)."}
            };
        }
    }
}
