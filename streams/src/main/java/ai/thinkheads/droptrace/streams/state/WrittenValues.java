package ai.thinkheads.droptrace.streams.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The values a processor last wrote to (or read from) a store it alone writes, by key, the most
 * recently used {@code capacity} of them: a read-modify-write of a hot key (a pair's summary, its
 * open buckets, its waiting failures) then skips the store's cache lookup and the value's
 * deserialisation. Every write still goes to the store, so the store (and its changelog) stays the
 * truth; the processor clears this in {@code init}, which Kafka Streams calls again whenever a
 * task's state is rebuilt, and forgets a key it deletes.
 */
public final class WrittenValues<K, V> {

    private final Map<K, V> values;

    public WrittenValues(int capacity) {
        this.values = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value last written for {@code key}, else what the store holds ({@code null}: nothing). */
    public V get(K key, Supplier<V> store) {
        V value = values.get(key);
        if (value == null) {
            value = store.get();
            if (value != null) {
                values.put(key, value);
            }
        }
        return value;
    }

    public void written(K key, V value) {
        values.put(key, value);
    }

    public void forget(K key) {
        values.remove(key);
    }

    public void clear() {
        values.clear();
    }
}
