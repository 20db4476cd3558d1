package ai.thinkheads.droptrace.cli.unparsed;

import ai.thinkheads.droptrace.core.event.UnparsedLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Dead letters counted by what went wrong or by where they came from ({@code droptrace unparsed --by}):
 * with millions of them, which kinds and which senders is the question, not each line. The reason's
 * quoted parts (the value that was wrong) are left out of its kind; at most {@value #MOST} kinds are
 * told apart, the rest counted as {@value #OTHERS}.
 */
final class UnparsedCounts {

    static final int MOST = 10_000;
    static final String OTHERS = "(others)";
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");

    /** What the dead letters are counted by. */
    enum By {
        REASON, SOURCE
    }

    /** One kind: how many, and the first dead letter of it as an example. */
    record Row(String key, long count, String firstSource, long firstPosition) {
    }

    private final By by;
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<String, UnparsedLine> first = new LinkedHashMap<>();
    private long total;

    UnparsedCounts(By by) {
        this.by = by;
    }

    /** The kind of a reason: its quoted values left out ("TTL is not a number: '…'"). */
    static String kind(String reason) {
        return QUOTED.matcher(reason).replaceAll("'…'");
    }

    void add(UnparsedLine u) {
        total++;
        String key = by == By.REASON ? kind(u.reason()) : u.origin().source();
        if (!counts.containsKey(key) && counts.size() >= MOST) {
            key = OTHERS;
        }
        counts.computeIfAbsent(key, k -> new long[1])[0]++;
        first.putIfAbsent(key, u);
    }

    long total() {
        return total;
    }

    /** Most first. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        counts.forEach((key, n) -> rows.add(new Row(key, n[0], first.get(key).origin().source(),
                first.get(key).origin().position())));
        rows.sort(Comparator.comparingLong(Row::count).reversed().thenComparing(Row::key));
        return rows;
    }
}
