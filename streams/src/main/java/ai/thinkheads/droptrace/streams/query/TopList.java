package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.streams.state.ActionCounts;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A top list over a time range: the keys with drops or rejects, most blocked first (then most
 * packets, then key), at most {@code limit}. Pair keys are {@code source|destination}.
 */
public record TopList(String namespace, TopBy by, TimeRange range, int limit, List<Row> rows) {

    public TopList {
        rows = List.copyOf(rows);
    }

    /** One ranked key with its counts in the range. */
    public record Row(String key, long blocked, ActionCounts counts) {
    }

    /** Ranks {@code counts} as a top list does and keeps the first {@code limit}. */
    public static List<Row> rank(Map<String, ActionCounts> counts, int limit) {
        return counts.entrySet().stream()
                .filter(e -> e.getValue().blocked() > 0)
                .map(e -> new Row(e.getKey(), e.getValue().blocked(), e.getValue()))
                .sorted(Comparator.comparingLong((Row r) -> -r.blocked())
                        .thenComparingLong(r -> -r.counts().total())
                        .thenComparing(Row::key))
                .limit(limit)
                .toList();
    }
}
