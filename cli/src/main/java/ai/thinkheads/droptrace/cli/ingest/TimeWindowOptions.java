package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.InstantConverter;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.ingest.replay.TimeWindow;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --from} and {@code --until} of the commands that read history ({@code replay}, {@code parse}). */
public final class TimeWindowOptions {

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Only lines from this time on, by their own time (ISO-8601: 2025-11-20T14:00:00Z or "
                    + "...T14:00:00+01:00); the others are counted and left out. Lines without a time of their own "
                    + "(dead letters, conntrack lines, kernel lines as dmesg prints them) are kept as ever.")
    private Instant from;

    @Option(names = "--until", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Only lines before this time, by their own time (ISO-8601), as --from.")
    private Instant until;

    /** The window given; a usage error when --from is not before --until. */
    public TimeWindow window() {
        if (from != null && until != null && !from.isBefore(until)) {
            throw new UserException(ExitCodes.USAGE, "--from " + from + " must be before --until " + until);
        }
        return new TimeWindow(from, until);
    }
}
