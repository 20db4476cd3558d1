package ai.thinkheads.droptrace.streams.pairs;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Blocked packets of one (source, destination) pair: how many were dropped and rejected, on which
 * ports ({@code tcp/8443}, {@code udp/53}, {@code icmp}), first and last seen (event time).
 */
public record PairDrops(long drops, long rejects, SortedSet<String> ports, Instant firstSeen, Instant lastSeen) {

    public PairDrops {
        ports = ports == null ? new TreeSet<>() : new TreeSet<>(ports);
    }

    public static PairDrops empty() {
        return new PairDrops(0, 0, new TreeSet<>(), null, null);
    }

    /** Adds one blocked event; accepted and action-less events leave the counts unchanged. */
    public PairDrops add(FirewallEvent event) {
        if (!event.isBlock()) {
            return this;
        }
        TreeSet<String> newPorts = new TreeSet<>(ports);
        newPorts.add(portLabel(event));
        Instant t = event.time();
        return new PairDrops(
                drops + (event.action() == Action.DROP ? 1 : 0),
                rejects + (event.action() == Action.REJECT ? 1 : 0),
                newPorts,
                firstSeen == null || t.isBefore(firstSeen) ? t : firstSeen,
                lastSeen == null || t.isAfter(lastSeen) ? t : lastSeen);
    }

    public long total() {
        return drops + rejects;
    }

    static String portLabel(FirewallEvent event) {
        var packet = event.packet();
        String proto = packet.protocolKey();
        return packet.destinationPort() == null ? proto : proto + "/" + packet.destinationPort();
    }
}
