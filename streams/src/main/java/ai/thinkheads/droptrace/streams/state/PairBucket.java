package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one (source, destination) pair did in one time bucket: counts by action in total, by port
 * label, by chain label and by rule label (the rule that wrote the line, {@code file:line}, see
 * {@code RuleLabels}; {@code unattributed} when no rule of the ruleset could have). Each map keeps at most {@link #MAX_KEYS} labels; the rest is counted
 * under {@link #OTHER}, ports under their protocol's {@code tcp/other}, so a port scan cannot grow the state without
 * bound and its protocol stays known. Maps are sorted by label.
 */
public record PairBucket(ActionCounts total, Map<String, ActionCounts> byPort, Map<String, ActionCounts> byChain,
        Map<String, ActionCounts> byRule) {

    public static final int MAX_KEYS = 64;
    public static final String OTHER = "other";
    /** At most this many overflow labels ({@code tcp/other}, ...) besides the {@link #MAX_KEYS} labels. */
    static final int MAX_OVERFLOWS = 8;
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
        return new PairBucket(total.plus(one), merged(byPort, Labels.port(event), one, true),
                merged(byChain, Labels.chain(event), one, false),
                rule == null ? byRule : merged(byRule, rule, one, false));
    }

    /** The sum of two buckets (of different times, or of different pairs). */
    public PairBucket plus(PairBucket other) {
        Map<String, ActionCounts> ports = byPort;
        for (var e : other.byPort.entrySet()) {
            ports = merged(ports, e.getKey(), e.getValue(), true);
        }
        Map<String, ActionCounts> chains = byChain;
        for (var e : other.byChain.entrySet()) {
            chains = merged(chains, e.getKey(), e.getValue(), false);
        }
        Map<String, ActionCounts> rules = byRule;
        for (var e : other.byRule.entrySet()) {
            rules = merged(rules, e.getKey(), e.getValue(), false);
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
     * The label a port beyond {@link #MAX_KEYS} is counted under: {@code tcp/other} for {@code tcp/1100}, so the counts
     * by protocol, derived from the port labels, still say {@code tcp} (a TCP port scan was {@code other} by protocol
     * too); {@code other} for a label without a port ({@code icmp}). An overflow label is its own ({@code other} of a
     * bucket written before, {@code tcp/other} of another bucket).
     */
    static String portOverflow(String port) {
        if (overflow(port)) {
            return port;
        }
        return port.indexOf('/') < 0 ? OTHER : Labels.protocolOfPort(port) + "/" + OTHER;
    }

    /** Whether {@code label} counts what did not fit: {@code other}, or a protocol's {@code tcp/other}. */
    private static boolean overflow(String label) {
        return label.equals(OTHER) || label.endsWith("/" + OTHER);
    }

    /**
     * {@code map} with {@code add} counted under {@code label}, or under its overflow label ({@link #portOverflow} for
     * {@code ports}, else {@link #OTHER}; made only then, not for every event) when it holds {@link #MAX_KEYS}
     * labels besides the overflow ones already. An overflow label is no label of its own: counted as one, the sum of a
     * bucket that had overflowed ({@link #plus}, a pair query's range) moved its last port into {@code other}, and a port
     * scan's {@code tcp/1063} counted under a port in {@code query top} was {@code other} in {@code query pair}. The
     * overflow labels are bounded too ({@link #MAX_OVERFLOWS}, then {@code other}): the protocols of events read from
     * Kafka are any text.
     */
    private static Map<String, ActionCounts> merged(Map<String, ActionCounts> map, String label, ActionCounts add,
            boolean ports) {
        TreeMap<String, ActionCounts> copy = new TreeMap<>(map);
        String key = label;
        if (!copy.containsKey(label) && copy.size() >= MAX_KEYS) {
            int overflows = overflows(copy);
            if (!overflow(label) && copy.size() - overflows >= MAX_KEYS) {
                key = ports ? portOverflow(label) : OTHER;
            }
            if (overflow(key) && !copy.containsKey(key) && overflows >= MAX_OVERFLOWS) {
                key = OTHER;
            }
        }
        copy.merge(key, add, ActionCounts::plus);
        return SortedMaps.wrap(copy);
    }

    /** How many overflow labels {@code map} holds. */
    private static int overflows(Map<String, ActionCounts> map) {
        int overflows = 0;
        for (String key : map.keySet()) {
            overflows += overflow(key) ? 1 : 0;
        }
        return overflows;
    }
}
