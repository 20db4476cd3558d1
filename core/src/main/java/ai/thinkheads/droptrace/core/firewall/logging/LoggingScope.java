package ai.thinkheads.droptrace.core.firewall.logging;

import java.util.List;

/**
 * What {@code rules enable-logging} touches.
 *
 * @param guests the guests whose files to change; empty for every guest
 * @param host whether to change the host's files (host.fw options, host.fw and cluster.fw rules)
 */
public record LoggingScope(List<Integer> guests, boolean host) {

    public LoggingScope {
        guests = List.copyOf(guests);
    }

    /** Every guest and the host. */
    public static LoggingScope everything() {
        return new LoggingScope(List.of(), true);
    }

    boolean includes(int vmid) {
        return guests.isEmpty() || guests.contains(vmid);
    }
}
