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

    private SortedMaps() {
    }

    public static <K extends Comparable<K>, V> SortedMap<K, V> copyOf(Map<K, V> map) {
        if (map == null || map.isEmpty()) {
            return Collections.emptySortedMap();
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
