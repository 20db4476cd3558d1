package ai.thinkheads.droptrace.streams.state;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Unmodifiable copies sorted by key. State and answers hold maps this way so that the JSON of equal
 * values is equal byte for byte in every JVM ({@code Map.copyOf} iteration order varies per JVM).
 */
public final class SortedMaps {

    /** The class of the maps {@link #wrap} makes: such a map is taken as it is, not copied again. */
    private static final Class<?> WRAPPED = Collections.unmodifiableSortedMap(new TreeMap<String, String>()).getClass();

    private SortedMaps() {
    }

    /**
     * An unmodifiable map sorted by the keys' natural order: {@code map} itself when it already is
     * one made by {@link #wrap} (state is rebuilt for every event, so copies add up), else a copy.
     */
    @SuppressWarnings("unchecked")
    public static <K extends Comparable<K>, V> SortedMap<K, V> copyOf(Map<K, V> map) {
        if (map == null || map.isEmpty()) {
            return Collections.emptySortedMap();
        }
        if (map.getClass() == WRAPPED && ((SortedMap<K, V>) map).comparator() == null) {
            return (SortedMap<K, V>) map;
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    /** An unmodifiable view of a map the caller just built and hands over (no one else may hold it). */
    public static <K extends Comparable<K>, V> SortedMap<K, V> wrap(TreeMap<K, V> fresh) {
        return fresh.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(fresh);
    }
}
