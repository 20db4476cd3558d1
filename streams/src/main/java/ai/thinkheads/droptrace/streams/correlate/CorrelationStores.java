package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.json.JsonSerde;
import ai.thinkheads.droptrace.core.topic.KeySerdes;
import ai.thinkheads.droptrace.streams.state.EventDigest;
import ai.thinkheads.droptrace.streams.state.EventDigestSerde;
import ai.thinkheads.droptrace.streams.state.PairAlerts;
import ai.thinkheads.droptrace.streams.state.PairBucket;
import ai.thinkheads.droptrace.streams.state.PairBucketSerde;
import ai.thinkheads.droptrace.streams.state.PairProbes;
import ai.thinkheads.droptrace.streams.state.PairSummary;
import ai.thinkheads.droptrace.streams.state.PairSummarySerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The state stores of the correlation topology, every one keyed by {@link PairKey} (the recent
 * events by pair and slot) and kept in the same sub-topology, so one instance owns all the state of
 * a pair. Each is backed by a changelog topic. All but the recent events are cached (alerts are
 * forwarded by the processor itself, never through a store cache): the recent events are a ring
 * whose slots are each written once per {@code recentEvents} events of a pair, so a cache would
 * save no writes, and the new keys it would hold for every event pushed the hot summaries and
 * buckets out of the thread's cache, flushing them many times per commit (see docs/benchmarks.md).
 */
public final class CorrelationStores {

    /** One-minute buckets: {@link PairBucket} per pair and minute. */
    public static final String MINUTE_BUCKETS = "pair-minute-buckets";
    /** One-hour buckets: {@link PairBucket} per pair and hour. */
    public static final String HOUR_BUCKETS = "pair-hour-buckets";
    /** {@link PairSummary} per pair: first and last seen, totals, recent events. */
    public static final String SUMMARY = "pair-summary";
    /** {@link EventDigest} per pair and slot: the ring of a pair's latest events ({@link RecentEvents}). */
    public static final String RECENT_EVENTS = "pair-recent-events";
    /** {@link PairAlerts} per pair: cooldowns and recent alerts. */
    public static final String ALERTS = "pair-alerts";
    /** {@link PairProbes} per pair: the latest result of each probe. */
    public static final String PROBES = "pair-probes";

    public static final Serde<PairKey> KEY = KeySerdes.pair();
    public static final Serde<PairBucket> BUCKET = new PairBucketSerde();
    public static final Serde<EventDigest> EVENT_VALUE = new EventDigestSerde();
    public static final Serde<PairSummary> SUMMARY_VALUE = new PairSummarySerde();
    public static final Serde<PairAlerts> ALERTS_VALUE = new JsonSerde<>(PairAlerts.class);
    public static final Serde<PairProbes> PROBES_VALUE = new JsonSerde<>(PairProbes.class);

    private CorrelationStores() {
    }

    static List<StoreBuilder<?>> builders(CorrelationSettings settings) {
        return List.of(
                buckets(MINUTE_BUCKETS, settings.minuteRetention(), CorrelationSettings.MINUTE,
                        WindowChangelogs.of(settings.namespace())),
                buckets(HOUR_BUCKETS, settings.hourRetention(), CorrelationSettings.HOUR,
                        WindowChangelogs.of(settings.namespace())),
                keyValue(SUMMARY, SUMMARY_VALUE),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RECENT_EVENTS), Serdes.String(), EVENT_VALUE)
                        .withCachingDisabled(),
                keyValue(ALERTS, ALERTS_VALUE),
                keyValue(PROBES, PROBES_VALUE));
    }

    private static StoreBuilder<WindowStore<PairKey, PairBucket>> buckets(String name, Duration retention,
            Duration size, Map<String, String> changelog) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, size, false), KEY, BUCKET)
                .withCachingEnabled().withLoggingEnabled(changelog);
    }

    private static <V> StoreBuilder<KeyValueStore<PairKey, V>> keyValue(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), KEY, valueSerde).withCachingEnabled();
    }
}
