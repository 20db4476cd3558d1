package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one (source, destination) pair did in one time bucket: counts by action in total, by port
 * label, by chain label and by rule label (the rule that wrote the line, {@code file:line}, see
 * {@code RuleLabels}; {@code unattributed} when no rule of the ruleset could have). Each map keeps at most {@link #MAX_KEYS} labels; the rest is counted
 * under {@link #OTHER}, so a port scan cannot grow the state without bound. Maps are sorted by
 * label.
 */
public record PairBucket(ActionCounts total, Map<String, ActionCounts> byPort, Map<String, ActionCounts> byChain,
        Map<String, ActionCounts> byRule) {

    public static final int MAX_KEYS = 64;
    public static final String OTHER = "other";
    public static final PairBucket EMPTY = new PairBucket(ActionCounts.ZERO, Map.of(), Map.of(), Map.of());
    /** The rule label of events no rule of the ruleset is known to have written. */
    public static final String UNATTRIBUTED = "unattributed";

    public PairBucket {
        total = total == null ? ActionCounts.ZERO : total;
        byPort = SortedMaps.copyOf(byPort);
        byChain = SortedMaps.copyOf(byChain);
        byRule = SortedMaps.copyOf(byRule);
    }

    /** The bucket of part 1, without rules. */
    public PairBucket(ActionCounts total, Map<String, ActionCounts> byPort, Map<String, ActionCounts> byChain) {
        this(total, byPort, byChain, Map.of());
    }

    public PairBucket add(FirewallEvent event) {
        return add(event, null);
    }

    /**
     * Adds an event written by the rule {@code rule} ({@code file:line}); a {@code null} rule counts
     * under {@link #UNATTRIBUTED} when the event was checked against a ruleset ({@code attributed}).
     */
    public PairBucket add(FirewallEvent event, String rule) {
        ActionCounts one = ActionCounts.of(event.action());
        return new PairBucket(total.plus(one), merged(byPort, Labels.port(event), one),
                merged(byChain, Labels.chain(event), one),
                rule == null ? byRule : merged(byRule, rule, one));
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
        Map<String, ActionCounts> rules = byRule;
        for (var e : other.byRule.entrySet()) {
            rules = merged(rules, e.getKey(), e.getValue());
        }
        return new PairBucket(total.plus(other.total), ports, chains, rules);
    }

    /** Counts by protocol, derived from the port labels. */
    public Map<String, ActionCounts> byProtocol() {
        Map<String, ActionCounts> protocols = new TreeMap<>();
        byPort.forEach((port, counts) -> protocols.merge(Labels.protocolOfPort(port), counts, ActionCounts::plus));
        return protocols;
    }

    /**
     * {@code map} with {@code add} counted under {@code label}, or under {@link #OTHER} when it holds {@link #MAX_KEYS}
     * labels besides that already. {@code other} is no label of its own: counted as one, the sum of a bucket that had
     * overflowed ({@link #plus}, a pair query's range) moved its last port into {@code other}, and a port scan's
     * {@code tcp/1063} counted under a port in {@code query top} was {@code other} in {@code query pair}.
     */
    private static Map<String, ActionCounts> merged(Map<String, ActionCounts> map, String label, ActionCounts add) {
        TreeMap<String, ActionCounts> copy = new TreeMap<>(map);
        int labels = copy.size() - (copy.containsKey(OTHER) ? 1 : 0);
        String key = copy.containsKey(label) || labels < MAX_KEYS ? label : OTHER;
        copy.merge(key, add, ActionCounts::plus);
        return SortedMaps.wrap(copy);
    }
}
