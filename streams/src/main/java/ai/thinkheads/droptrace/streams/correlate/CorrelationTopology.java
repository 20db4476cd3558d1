package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The correlation topology, a pure function of its settings (no {@code KafkaStreams}, clock,
 * environment or I/O):
 *
 * <pre>
 * firewall-events --(key by pair)--> events-by-pair --> events-read --> correlate-pair --> alerts
 *                                                        | pair-minute-buckets, pair-hour-buckets,
 *                                                        | pair-summary, pair-recent-events,
 *                                                        | pair-alerts, pair-probes
 * probe-results ---(key by pair)--> probes-by-pair ---> record-probe ---> pair-probes
 * </pre>
 *
 * Event time comes from each record ({@link EventTimeExtractor}). Both repartitioned streams feed
 * one sub-topology (the two processors share {@code pair-probes}), so one instance owns all the
 * state of a pair and a pair query needs one instance.
 */
public final class CorrelationTopology {

    private CorrelationTopology() {
    }

    public static Topology build(CorrelationSettings settings) {
        Namespace namespace = settings.namespace();
        StreamsBuilder builder = new StreamsBuilder();
        CorrelationStores.builders(settings).forEach(builder::addStateStore);
        EventTimeExtractor eventTime = new EventTimeExtractor();

        TopicSpec<FlowKey, FirewallEvent> events = Topics.FIREWALL_EVENTS;
        TopicSpec<PairKey, Alert> alerts = Topics.ALERTS;
        EventReader reader = new EventReader(events.valueSerde(), events.name(namespace));
        // The pair is in the flow key: events are re-keyed and repartitioned as the bytes they came
        // as, and read once, after the repartition.
        builder.stream(events.name(namespace), Consumed.with(events.keySerde(), Serdes.ByteArray())
                        .withTimestampExtractor(eventTime).withName("firewall-events-source"))
                .filter((flow, json) -> json != null, Named.as("events-present"))
                .selectKey((flow, json) -> flow != null ? flow.pair() : reader.pairOf(json), Named.as("events-key-by-pair"))
                .repartition(Repartitioned.<PairKey, byte[]>as("events-by-pair")
                        .withKeySerde(CorrelationStores.KEY).withValueSerde(Serdes.ByteArray()))
                .mapValues(reader::read, Named.as("events-read"))
                .filter((pair, event) -> event != null, Named.as("events-readable"))
                .process(() -> new PairCorrelator(settings), Named.as("correlate-pair"),
                        CorrelationStores.MINUTE_BUCKETS, CorrelationStores.HOUR_BUCKETS, CorrelationStores.SUMMARY,
                        CorrelationStores.RECENT_EVENTS, CorrelationStores.ALERTS, CorrelationStores.PROBES)
                .to(alerts.name(namespace), Produced.with(alerts.keySerde(), alerts.valueSerde()).withName("alerts-sink"));

        TopicSpec<FlowKey, ProbeResult> probes = Topics.PROBE_RESULTS;
        builder.stream(probes.name(namespace), Consumed.with(probes.keySerde(), probes.valueSerde())
                        .withTimestampExtractor(eventTime).withName("probe-results-source"))
                // Probes without a destination (exec, file) check no network path between two addresses.
                .filter((flow, result) -> result != null && result.destination() != null,
                        Named.as("probe-results-present"))
                .selectKey((flow, result) -> result.flow().pair(), Named.as("probe-results-key-by-pair"))
                .repartition(Repartitioned.<PairKey, ProbeResult>as("probes-by-pair")
                        .withKeySerde(CorrelationStores.KEY).withValueSerde(probes.valueSerde()))
                .process(ProbeRecorder::new, Named.as("record-probe"), CorrelationStores.PROBES);
        return builder.build();
    }
}
