package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import java.time.Duration;
import ai.thinkheads.droptrace.streams.state.EventDigest;
import ai.thinkheads.droptrace.streams.state.PairAlerts;
import ai.thinkheads.droptrace.streams.state.PairBucket;
import ai.thinkheads.droptrace.streams.state.PairProbes;
import ai.thinkheads.droptrace.streams.state.PairSummary;
import ai.thinkheads.droptrace.streams.query.LocalStores;
import ai.thinkheads.droptrace.streams.query.Resolution;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** The correlation topology in a {@link TopologyTestDriver}: pipe events with their own event time, read alerts and stores. */
public final class CorrelationDriver implements AutoCloseable {

    private final java.nio.file.Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<FlowKey, FirewallEvent> events;
    private final TestInputTopic<FlowKey, ProbeResult> probes;
    private final TestInputTopic<byte[], byte[]> rawEvents;
    private final TestInputTopic<byte[], byte[]> rawProbes;
    private final TestOutputTopic<PairKey, Alert> alerts;
    private final TestInputTopic<String, PublishedRuleset> rulesets;
    private final TestOutputTopic<String, Verdict> verdicts;
    private final TestOutputTopic<String, UnparsedLine> deadLetters;

    public CorrelationDriver(CorrelationSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "correlation-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // A state directory of its own: the default (/tmp/kafka-streams/<application id>) is shared
        // with every other test JVM on the machine running the same tests.
        stateDir = tempStateDir();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(CorrelationTopology.build(settings), props);
        var ns = settings.namespace();
        events = driver.createInputTopic(Topics.FIREWALL_EVENTS.name(ns),
                Topics.FIREWALL_EVENTS.keySerde().serializer(), Topics.FIREWALL_EVENTS.valueSerde().serializer());
        probes = driver.createInputTopic(Topics.PROBE_RESULTS.name(ns),
                Topics.PROBE_RESULTS.keySerde().serializer(), Topics.PROBE_RESULTS.valueSerde().serializer());
        deadLetters = driver.createOutputTopic(Topics.UNPARSED.name(ns), Topics.UNPARSED.keySerde().deserializer(),
                Topics.UNPARSED.valueSerde().deserializer());
        rawEvents = driver.createInputTopic(Topics.FIREWALL_EVENTS.name(ns), new ByteArraySerializer(),
                new ByteArraySerializer());
        rawProbes = driver.createInputTopic(Topics.PROBE_RESULTS.name(ns), new ByteArraySerializer(),
                new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(ns),
                Topics.ALERTS.keySerde().deserializer(), Topics.ALERTS.valueSerde().deserializer());
        rulesets = driver.createInputTopic(Topics.RULESETS.name(ns),
                Topics.RULESETS.keySerde().serializer(), Topics.RULESETS.valueSerde().serializer());
        verdicts = driver.createOutputTopic(Topics.VERDICTS.name(ns),
                Topics.VERDICTS.keySerde().deserializer(), Topics.VERDICTS.valueSerde().deserializer());
    }

    private static java.nio.file.Path tempStateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("droptrace-correlation-test-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Publishes a ruleset version, as {@code droptrace rules publish} does. */
    public void publish(PublishedRuleset ruleset) {
        rulesets.pipeInput(ruleset.node(), ruleset, ruleset.publishedAt());
    }

    public List<Verdict> verdicts() {
        return verdicts.readValuesToList();
    }

    public void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** Pipes an event; its record timestamp is deliberately not its event time, which must come from the event. */
    public void pipe(FirewallEvent event) {
        events.pipeInput(event.flow(), event, Instant.EPOCH);
    }

    /** The dead letters the topology wrote to the unparsed topic since the last call. */
    public List<UnparsedLine> deadLetters() {
        return deadLetters.readValuesToList();
    }

    /** Pipes a record as raw bytes, as a foreign or broken producer might write it. */
    public void pipeRaw(byte[] key, byte[] value) {
        rawEvents.pipeInput(key, value, Instant.EPOCH);
    }

    /** Pipes a probe-results record as raw bytes. */
    public void pipeRawProbe(byte[] key, byte[] value) {
        rawProbes.pipeInput(key, value, Instant.EPOCH);
    }

    public void pipe(ProbeResult result) {
        probes.pipeInput(result.flow(), result, Instant.EPOCH);
    }

    public List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    PairSummary summary(PairKey pair) {
        return driver.<PairKey, PairSummary>getKeyValueStore(CorrelationStores.SUMMARY).get(pair);
    }

    /** The pair's latest events, newest first, as a pair query reads them. */
    List<EventDigest> recentEvents(PairKey pair, int kept) {
        PairSummary summary = summary(pair);
        return RecentEvents.read(stores().recentEvents(), pair, summary == null ? 0 : summary.received(), kept);
    }

    PairAlerts pairAlerts(PairKey pair) {
        return driver.<PairKey, PairAlerts>getKeyValueStore(CorrelationStores.ALERTS).get(pair);
    }

    PairProbes probes(PairKey pair) {
        return driver.<PairKey, PairProbes>getKeyValueStore(CorrelationStores.PROBES).get(pair);
    }

    PairBucket minute(PairKey pair, Instant start) {
        return driver.<PairKey, PairBucket>getWindowStore(CorrelationStores.MINUTE_BUCKETS)
                .fetch(pair, start.toEpochMilli());
    }

    PairBucket hour(PairKey pair, Instant start) {
        return driver.<PairKey, PairBucket>getWindowStore(CorrelationStores.HOUR_BUCKETS)
                .fetch(pair, start.toEpochMilli());
    }

    /** The stores as the query layer reads them. */
    public LocalStores.Access stores() {
        return new LocalStores.Access() {
            @Override
            public ReadOnlyWindowStore<PairKey, PairBucket> buckets(Resolution resolution) {
                return driver.getWindowStore(resolution.store());
            }

            @Override
            public ReadOnlyKeyValueStore<PairKey, PairSummary> summaries() {
                return driver.getKeyValueStore(CorrelationStores.SUMMARY);
            }

            @Override
            public ReadOnlyKeyValueStore<String, EventDigest> recentEvents() {
                return driver.getKeyValueStore(CorrelationStores.RECENT_EVENTS);
            }

            @Override
            public ReadOnlyKeyValueStore<PairKey, PairAlerts> alerts() {
                return driver.getKeyValueStore(CorrelationStores.ALERTS);
            }

            @Override
            public ReadOnlyKeyValueStore<PairKey, PairProbes> probes() {
                return driver.getKeyValueStore(CorrelationStores.PROBES);
            }
        };
    }

    @Override
    public void close() {
        driver.close();
        try (var paths = java.nio.file.Files.walk(stateDir)) {
            for (var p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
