package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.streams.ruleset.RulesetStore;
import ai.thinkheads.droptrace.streams.verdict.VerdictInput;
import ai.thinkheads.droptrace.streams.verdict.VerdictProcessor;
import ai.thinkheads.droptrace.streams.verdict.VerdictStores;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;

/**
 * The correlation topology, a pure function of its settings (no {@code KafkaStreams}, clock,
 * environment or I/O):
 *
 * <pre>
 * firewall-events --> events-read --(key by pair)--> events-by-pair (binary) --> correlate-pair --> alerts
 *                                                        | pair-minute-buckets, pair-hour-buckets,
 *                                                        | pair-summary, pair-recent-events,
 *                                                        | pair-alerts, pair-probes
 * probe-results --> probe-results-read --(key by pair)--> probes-by-pair ---> record-probe ---> pair-probes
 * (unreadable input records of both --> unparsed)
 *        blocked events + probe results ---> decide-verdicts ---> verdicts
 *                                             | probe-evidence, verdict-pending, verdict-last, verdict-decided
 * rulesets ---> rulesets-load ---> rulesets (global store: every instance holds every node's ruleset)
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
        VerdictStores.builders(settings.verdicts(), WindowChangelogs.of(namespace)).forEach(builder::addStateStore);
        EventTimeExtractor eventTime = new EventTimeExtractor();

        TopicSpec<FlowKey, FirewallEvent> events = Topics.FIREWALL_EVENTS;
        TopicSpec<PairKey, Alert> alerts = Topics.ALERTS;
        // Events are read from their JSON once, before the repartition (an unreadable record goes
        // to the dead-letter topic there), and cross it in a compact binary form that reads back
        // without a JSON parser.
        // The plain JSON form is read without data binding (EventJsonReader), anything else by the serde.
        KStream<PairKey, FirewallEvent> pairEvents = readable(builder, events, EventJsonReader.serde(events.valueSerde()),
                CorrelationTopology::keyable, FirewallEvent::schema, FirewallEvent.SCHEMA_VERSION, namespace, eventTime,
                "events", "firewall-events", "firewall event")
                .selectKey((flow, event) -> flow != null ? flow.pair() : event.pair(), Named.as("events-key-by-pair"))
                .repartition(Repartitioned.<PairKey, FirewallEvent>as("events-by-pair")
                        .withKeySerde(CorrelationStores.KEY).withValueSerde(new EventBinarySerde()));
        pairEvents.process(() -> new PairCorrelator(settings), Named.as("correlate-pair"),
                        CorrelationStores.MINUTE_BUCKETS, CorrelationStores.HOUR_BUCKETS, CorrelationStores.SUMMARY,
                        CorrelationStores.RECENT_EVENTS, CorrelationStores.ALERTS, CorrelationStores.PROBES)
                .to(alerts.name(namespace), Produced.with(alerts.keySerde(), alerts.valueSerde()).withName("alerts-sink"));

        TopicSpec<FlowKey, ProbeResult> probes = Topics.PROBE_RESULTS;
        KStream<PairKey, ProbeResult> pairProbes = readable(builder, probes, probes.valueSerde(), ProbeResult::flow,
                        ProbeResult::schema, ProbeResult.SCHEMA_VERSION, namespace, eventTime, "probe-results",
                        "probe-results", "probe result")
                // Probes without a destination (exec, file) are keyed by their id: (-, id).
                .selectKey((flow, result) -> result.flow().pair(), Named.as("probe-results-key-by-pair"))
                .repartition(Repartitioned.<PairKey, ProbeResult>as("probes-by-pair")
                        .withKeySerde(CorrelationStores.KEY).withValueSerde(probes.valueSerde()));
        // Probes without a destination check no network path between two addresses: no pair state.
        pairProbes.filter((pair, result) -> result.destination() != null, Named.as("probes-with-destination"))
                .process(ProbeRecorder::new, Named.as("record-probe"), CorrelationStores.PROBES);

        TopicSpec<String, Verdict> verdicts = Topics.VERDICTS;
        // A line without an action (a security group's) may be a drop: the verdicts' ruleset tells by its writer.
        KStream<PairKey, VerdictInput> blocked = pairEvents
                .filter((pair, event) -> event.isBlock() || event.action() == null, Named.as("events-blocked"))
                .mapValues(VerdictInput.EventSeen::new, Named.as("events-as-evidence"));
        blocked.merge(pairProbes.mapValues(VerdictInput.ProbeSeen::new, Named.as("probes-as-verdict-input")),
                        Named.as("verdict-inputs"))
                .process(() -> new VerdictProcessor(settings.verdicts()), Named.as("decide-verdicts"),
                        VerdictStores.names())
                .to(verdicts.name(namespace), Produced.with(verdicts.keySerde(), verdicts.valueSerde())
                        .withName("verdicts-sink"));

        Topology topology = builder.build();
        TopicSpec<String, ?> rulesets = Topics.RULESETS;
        topology.addGlobalStore(RulesetStore.builder(), RulesetStore.SOURCE, new UsePartitionTimeOnInvalidTimestamp(),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), rulesets.name(namespace),
                RulesetStore.LOADER, RulesetStore.Loader::new);
        return topology;
    }

    /** Throws when the event has no flow or pair key (the correlator keys its state and evidence by both). */
    private static void keyable(FirewallEvent event) {
        event.flow();
        event.pair();
    }

    /**
     * The values of an input topic that read as what they should be; every other record goes to
     * the {@code unparsed} dead-letter topic (keyed by where it was read) instead of stopping the
     * topology or being skipped with a log line only. Processors: {@code <prefix>-present} (drops
     * tombstones), {@code -read}, {@code -unreadable}, {@code -dead-letter}, {@code -unparsed-sink},
     * {@code -readable}, {@code -value}.
     */
    private static <V> KStream<FlowKey, V> readable(StreamsBuilder builder, TopicSpec<FlowKey, V> spec, Serde<V> serde,
            Consumer<V> keyable, ToIntFunction<V> schemaOf, int schema, Namespace namespace, EventTimeExtractor eventTime,
            String prefix, String sourcePrefix, String what) {
        TopicSpec<String, UnparsedLine> unparsed = Topics.UNPARSED;
        String topic = spec.name(namespace);
        // The key is read with the value (a key that is not a flow key is a dead letter too, not a record skipped
        // by Kafka Streams' handler with a log line only).
        KStream<byte[], RecordReader.Read<FlowKey, V>> read = builder.stream(topic,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withTimestampExtractor(eventTime).withName(sourcePrefix + "-source"))
                .filter((key, json) -> json != null, Named.as(prefix + "-present"))
                .processValues(() -> new RecordReader<FlowKey, V>(spec.keySerde(), serde, keyable, schemaOf, schema,
                                topic, what),
                        Named.as(prefix + "-read"));
        read.filter((key, r) -> r.deadLetter() != null, Named.as(prefix + "-unreadable"))
                .map((key, r) -> KeyValue.pair(r.deadLetter().origin().source(), r.deadLetter()),
                        Named.as(prefix + "-dead-letter"))
                .to(unparsed.name(namespace), Produced.with(unparsed.keySerde(), unparsed.valueSerde())
                        .withName(prefix + "-unparsed-sink"));
        return read.filter((key, r) -> r.value() != null, Named.as(prefix + "-readable"))
                .map((key, r) -> KeyValue.pair(r.key(), r.value()), Named.as(prefix + "-value"));
    }
}
