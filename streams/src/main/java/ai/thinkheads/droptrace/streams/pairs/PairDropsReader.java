package ai.thinkheads.droptrace.streams.pairs;

import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.streams.runner.StreamsRunner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the pair store of a running {@link PairCountTopology}. */
public final class PairDropsReader {

    /** One row of the store. */
    public record PairRow(PairKey pair, PairDrops drops) {
    }

    private PairDropsReader() {
    }

    /** Every pair with at least one drop or reject, most blocked first, then by address. */
    public static List<PairRow> all(StreamsRunner runner) {
        ReadOnlyKeyValueStore<PairKey, PairDrops> store =
                runner.store(PairCountTopology.STORE, QueryableStoreTypes.keyValueStore());
        List<PairRow> rows = new ArrayList<>();
        try (KeyValueIterator<PairKey, PairDrops> it = store.all()) {
            it.forEachRemaining(kv -> rows.add(new PairRow(kv.key, kv.value)));
        }
        rows.sort(Comparator.comparingLong((PairRow r) -> -r.drops().total())
                .thenComparing(r -> r.pair().source())
                .thenComparing(r -> r.pair().destination()));
        return rows;
    }
}
