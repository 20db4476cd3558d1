package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.json.JsonSerde;
import ai.thinkheads.droptrace.core.topic.KeySerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The stores of the verdict processor, in the same sub-topology as the pair state (keyed by pair,
 * or by a flow or probe of that pair), each changelogged. The pending failures and last verdicts
 * are cached; the evidence is not: nearly every blocked event opens a new (flow, second) slot, so a
 * cache would save few writes while its new keys pushed the correlator's hot summaries and buckets
 * out of the thread's cache (each such eviction flushes a whole store's cache).
 */
public final class VerdictStores {

    /** {@link Evidence} per flow ({@code source|destination|protocol|port}) and second of event time. */
    public static final String EVIDENCE = "probe-evidence";
    /** {@link PendingProbes} per pair: failures waiting for late log lines. */
    public static final String PENDING = "verdict-pending";
    /** {@link LastVerdict} per probe id. */
    public static final String LAST = "verdict-last";
    /**
     * The class of every failure verdict per probe id and probe time (kept as long as the evidence), so a result
     * that comes again is not decided twice.
     */
    public static final String DECIDED = "verdict-decided";

    static final Duration SLOT = Duration.ofSeconds(1);
    static final Serde<PairKey> PAIR = KeySerdes.pair();

    private VerdictStores() {
    }

    /** @param changelog the window stores' changelog settings ({@link ai.thinkheads.droptrace.streams.correlate.WindowChangelogs}) */
    public static List<StoreBuilder<?>> builders(VerdictSettings settings, Map<String, String> changelog) {
        return List.of(
                Stores.windowStoreBuilder(Stores.persistentWindowStore(EVIDENCE, settings.evidenceRetention(), SLOT,
                        false), Serdes.String(), new EvidenceSerde()).withCachingDisabled().withLoggingEnabled(changelog),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING), PAIR,
                        new JsonSerde<>(PendingProbes.class)).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LAST), Serdes.String(),
                        new JsonSerde<>(LastVerdict.class)).withCachingEnabled(),
                Stores.windowStoreBuilder(Stores.persistentWindowStore(DECIDED, settings.evidenceRetention(),
                        Duration.ofMillis(1), false), Serdes.String(), Serdes.String()).withCachingDisabled()
                        .withLoggingEnabled(changelog));
    }

    public static String[] names() {
        return new String[] {EVIDENCE, PENDING, LAST, DECIDED};
    }
}
