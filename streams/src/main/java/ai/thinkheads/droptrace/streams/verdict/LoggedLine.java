package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A drop or reject as evidence: when it was logged, what it did, the raw line, and the chain that logged it
 * ({@code null} for evidence kept by an earlier version, which did not keep it).
 */
public record LoggedLine(Instant time, Action action, String line, String chain) {

    public LoggedLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        line = line == null ? "" : line;
    }

    public LoggedLine(Instant time, Action action, String line) {
        this(time, action, line, null);
    }

    public static LoggedLine of(FirewallEvent event) {
        // a chain name is at most 28 characters (iptables), 256 (nftables): a longer one is not kept
        String chain = event.chain() == null || event.chain().length() > 256 ? null : event.chain();
        return new LoggedLine(event.time(), event.action() == Action.REJECT ? Action.REJECT : Action.DROP, event.line(),
                chain);
    }
}
