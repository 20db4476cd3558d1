package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one (source, destination) pair did in one time bucket: counts by action in total, by port
 * label and by chain label. Each map keeps at most {@link #MAX_KEYS} labels; the rest is counted
 * under {@link #OTHER}, so a port scan cannot grow the state without bound. Maps are sorted by
 * label.
 */
public record PairBucket(ActionCounts total, Map<String, ActionCounts> byPort, Map<String, ActionCounts> byChain) {

    public static final int MAX_KEYS = 64;
    public static final String OTHER = "other";
    public static final PairBucket EMPTY = new PairBucket(ActionCounts.ZERO, Map.of(), Map.of());

    public PairBucket {
        total = total == null ? ActionCounts.ZERO : total;
        byPort = SortedMaps.copyOf(byPort);
        byChain = SortedMaps.copyOf(byChain);
    }

    public PairBucket add(FirewallEvent event) {
        ActionCounts one = ActionCounts.of(event.action());
        return new PairBucket(total.plus(one), merged(byPort, Labels.port(event), one),
                merged(byChain, Labels.chain(event), one));
    }

    /** The sum of two buckets (of different times, or of different pairs). */
    public PairBucket plus(PairBucket other) {
        Map<String, ActionCounts> ports = byPort;
        for (var e : other.byPort.entrySet()) {
            ports = merged(ports, e.getKey(), e.getValue());
        }
        Map<String, ActionCounts> chains = byChain;
        for (var e : other.byChain.entrySet()) {
            chains = merged(chains, e.getKey(), e.getValue());
        }
        return new PairBucket(total.plus(other.total), ports, chains);
    }

    /** Counts by protocol, derived from the port labels. */
    public Map<String, ActionCounts> byProtocol() {
        Map<String, ActionCounts> protocols = new TreeMap<>();
        byPort.forEach((port, counts) -> protocols.merge(Labels.protocolOfPort(port), counts, ActionCounts::plus));
        return protocols;
    }

    private static Map<String, ActionCounts> merged(Map<String, ActionCounts> map, String label, ActionCounts add) {
        TreeMap<String, ActionCounts> copy = new TreeMap<>(map);
        String key = copy.containsKey(label) || copy.size() < MAX_KEYS ? label : OTHER;
        copy.merge(key, add, ActionCounts::plus);
        return copy;
    }
}
