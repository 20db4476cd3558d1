package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.streams.state.EventDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The latest events of a pair as a ring of {@code n} slots in the {@code pair-recent-events}
 * store, keyed {@code source|destination|slot}: the k-th event received goes to slot
 * {@code (k - 1) mod n}. Writing one slot per event is far cheaper than rewriting a list.
 */
public final class RecentEvents {

    private RecentEvents() {
    }

    static String key(PairKey pair, long slot) {
        return pair.encode() + '|' + slot;
    }

    /** The slot of the {@code received}-th event (counting from 1). */
    static long slot(long received, int n) {
        return (received - 1) % n;
    }

    /**
     * The events in the ring of {@code pair}, newest event time first (equal times: latest
     * received first).
     *
     * @param received how many events the pair has received
     */
    public static List<EventDigest> read(ReadOnlyKeyValueStore<String, EventDigest> store, PairKey pair,
            long received, int n) {
        List<EventDigest> events = new ArrayList<>();
        for (long k = received; k > 0 && k > received - n; k--) {
            EventDigest digest = store.get(key(pair, slot(k, n)));
            if (digest != null) {
                events.add(digest);
            }
        }
        events.sort(Comparator.comparing(EventDigest::time).reversed());
        return events;
    }
}
