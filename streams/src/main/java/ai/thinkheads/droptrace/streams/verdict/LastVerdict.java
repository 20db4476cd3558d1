package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import java.time.Instant;
import java.util.Objects;

/** The latest verdict on a probe: a later passing result after a failure is a recovery ({@code OK}). */
public record LastVerdict(VerdictClass verdict, Instant time) {

    public LastVerdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(time, "time");
    }
}
