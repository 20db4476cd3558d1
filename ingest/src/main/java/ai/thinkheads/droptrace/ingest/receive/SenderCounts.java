package ai.thinkheads.droptrace.ingest.receive;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lines received per sender ({@code udp://10.0.0.11}, {@code tls://10.0.0.12}): the first question when
 * lines are missing is whether a node's forwarding reaches the receiver at all. At most
 * {@value #MOST} senders are told apart; lines of any further one are counted under {@value #OTHERS}.
 */
public final class SenderCounts {

    static final int MOST = 10_000;
    static final String OTHERS = "others";

    private final Map<String, LongAdder> lines = new ConcurrentHashMap<>();

    /** Counts {@code n} lines from {@code sender}. */
    public void add(String sender, long n) {
        LongAdder count = lines.get(sender);
        if (count == null) {
            count = lines.size() < MOST ? lines.computeIfAbsent(sender, s -> new LongAdder())
                    : lines.computeIfAbsent(OTHERS, s -> new LongAdder());
        }
        count.add(n);
    }

    /** How many senders sent lines so far. */
    public int senders() {
        return lines.size();
    }

    /** The {@code n} senders with the most lines, most first. */
    public Top top(int n) {
        Map<String, Long> top = new LinkedHashMap<>();
        lines.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().sum()))
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return new Top(top, Math.max(0, lines.size() - top.size()));
    }

    /**
     * The senders with the most lines, and how many more there were: JSON as a map of sender to lines, text
     * as {@code udp://10.0.0.11 1,234, tcp://10.0.0.12 56 (and 3 more)}.
     */
    public record Top(@JsonValue Map<String, Long> lines, int more) {
        @Override
        public String toString() {
            if (lines.isEmpty()) {
                return "none";
            }
            StringBuilder text = new StringBuilder();
            lines.forEach((sender, n) -> text.append(text.length() == 0 ? "" : ", ")
                    .append(sender).append(' ').append(String.format(Locale.ROOT, "%,d", n)));
            return more == 0 ? text.toString() : text + " (and " + more + " more)";
        }
    }
}
