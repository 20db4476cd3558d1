package ai.thinkheads.droptrace.streams.ruleset;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The global store of published rulesets: every instance holds all of the compacted
 * {@code rulesets} topic, node by node, as the JSON bytes it came as (so restoring the store from
 * the topic gives exactly what the loader wrote). Readers go through {@link TracerCache}.
 */
public final class RulesetStore {

    public static final String NAME = "rulesets";
    public static final String SOURCE = "rulesets-source";
    public static final String LOADER = "rulesets-load";

    private RulesetStore() {
    }

    public static StoreBuilder<KeyValueStore<String, byte[]>> builder() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NAME), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }

    /** Keeps the latest ruleset of each node; a tombstone removes the node. */
    public static final class Loader implements Processor<String, byte[], Void, Void> {

        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(NAME);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
