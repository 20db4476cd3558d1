package ai.thinkheads.droptrace.core.firewall.logging;

import java.util.List;

/**
 * What {@code rules enable-logging} touches.
 *
 * @param guests the guests whose files to change; empty for every guest, unless {@code noGuest}
 * @param host whether to change the host's files (host.fw options, host.fw and cluster.fw rules)
 * @param noGuest whether to change no guest's files (the host's alone)
 */
public record LoggingScope(List<Integer> guests, boolean host, boolean noGuest) {

    public LoggingScope {
        guests = List.copyOf(guests);
    }

    /** These guests (every guest when empty), and the host's files when {@code host}. */
    public LoggingScope(List<Integer> guests, boolean host) {
        this(guests, host, false);
    }

    /** Every guest and the host. */
    public static LoggingScope everything() {
        return new LoggingScope(List.of(), true);
    }

    /** The host's files alone. */
    public static LoggingScope hostOnly() {
        return new LoggingScope(List.of(), true, true);
    }

    boolean includes(int vmid) {
        return !noGuest && (guests.isEmpty() || guests.contains(vmid));
    }
}
