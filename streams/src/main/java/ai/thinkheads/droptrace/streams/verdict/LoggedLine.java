package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import java.time.Instant;
import java.util.Objects;

/** A drop or reject as evidence: when it was logged, what it did, and the raw line. */
public record LoggedLine(Instant time, Action action, String line) {

    public LoggedLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        line = line == null ? "" : line;
    }

    public static LoggedLine of(FirewallEvent event) {
        return new LoggedLine(event.time(), event.action() == Action.REJECT ? Action.REJECT : Action.DROP, event.line());
    }
}
