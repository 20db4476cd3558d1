package ai.thinkheads.droptrace.core.topic;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.LoggerStatus;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.json.JsonSerde;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/** Every droptrace topic, declared once with its serdes. Names are {@code droptrace.<ns>.<suffix>}. */
public final class Topics {

    /** Parsed firewall log lines, keyed by flow. */
    public static final TopicSpec<FlowKey, FirewallEvent> FIREWALL_EVENTS = new TopicSpec<>(
            "firewall-events", KeySerdes.flow(), new JsonSerde<>(FirewallEvent.class), Map.of());

    /** Dead letters: lines no parser could read, keyed by the source they came from. */
    public static final TopicSpec<String, UnparsedLine> UNPARSED = new TopicSpec<>(
            "unparsed", Serdes.String(), new JsonSerde<>(UnparsedLine.class), Map.of());

    /**
     * Lines of the firewall logger about itself and conntrack lines, keyed by the source they came
     * from; the {@code skipped} count of a queue-full notice is the number of packets never logged.
     */
    public static final TopicSpec<String, LoggerStatus> LOGGER_STATUS = new TopicSpec<>(
            "logger-status", Serdes.String(), new JsonSerde<>(LoggerStatus.class), Map.of());

    /** Results of active probes, keyed by flow so they co-partition with firewall events. */
    public static final TopicSpec<FlowKey, ProbeResult> PROBE_RESULTS = new TopicSpec<>(
            "probe-results", KeySerdes.flow(), new JsonSerde<>(ProbeResult.class), Map.of());

    /** Real-time alerts of the correlator, keyed by (source, destination) pair. */
    public static final TopicSpec<PairKey, Alert> ALERTS = new TopicSpec<>(
            "alerts", KeySerdes.pair(), new JsonSerde<>(Alert.class), Map.of());

    /**
     * Published firewall configurations, keyed by node, compacted: the latest version of each node
     * stays. Every correlator instance reads all of it (a global store).
     */
    public static final TopicSpec<String, PublishedRuleset> RULESETS = new TopicSpec<>(
            "rulesets", Serdes.String(), new JsonSerde<>(PublishedRuleset.class),
            Map.of("cleanup.policy", "compact", "max.message.bytes", "8388608"));

    /** Verdicts on failed (and recovered) probes, keyed by probe id. */
    public static final TopicSpec<String, Verdict> VERDICTS = new TopicSpec<>(
            "verdicts", Serdes.String(), new JsonSerde<>(Verdict.class), Map.of());

    private Topics() {
    }

    public static List<TopicSpec<?, ?>> all() {
        return List.of(FIREWALL_EVENTS, UNPARSED, LOGGER_STATUS, PROBE_RESULTS, ALERTS, RULESETS, VERDICTS);
    }
}
